// Scenario "offline-engine": pages/s of the text path alone (extraction + cleaning + segmentation +
// splitting), timed in Node with the TypeScript modules of src/ loaded by tsx in a child process.
import { spawnSync } from "node:child_process";
import { printTable, round } from "../lib/report.mjs";

const STAGES_SCRIPT = "bench/scenarios/offline-stages.ts";
const TIMEOUT_MS = 10 * 60_000;
const TARGET_PAGES_PER_SECOND = 50;

/** Runs the stages over every document (tsx is a devDependency); `{ skipped }` when the timer fails. */
export async function offlineEngine({ documents }) {
  const run = spawnSync(
    process.execPath,
    ["--import", "tsx", STAGES_SCRIPT, ...documents.map((document) => document.path)],
    { encoding: "utf8", timeout: TIMEOUT_MS },
  );
  if (run.status !== 0)
    return { skipped: `the stage timer failed: ${(run.stderr || run.error?.message || "").slice(0, 500)}` };
  const lines = run.stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
  const rows = lines.map((line, i) => ({
    document: documents[i].name,
    pages: line.pages,
    source_sentences: line.source_sentences,
    sentences: line.sentences,
    extract_ms: round(line.ms.extract, 0),
    clean_ms: round(line.ms.clean, 0),
    segment_ms: round(line.ms.segment, 0),
    split_ms: round(line.ms.split, 0),
    prepare_cpu_ms: round(line.prepare_cpu_ms, 0),
    pages_per_s: round(line.pages / (line.ms.total / 1000)),
  }));
  const pages = lines.reduce((sum, line) => sum + line.pages, 0);
  const seconds = lines.reduce((sum, line) => sum + line.ms.total, 0) / 1000;
  return { rows, overall_pages_per_s: round(pages / seconds), target_pages_per_s: TARGET_PAGES_PER_SECOND };
}

/** Prints the scenario's table and its target. */
export function printOfflineEngine(result) {
  printTable(
    "Offline engine in Node (extract + clean + segment + split, default settings)",
    [
      ["document", "document"],
      ["pages", "pages"],
      ["extract_ms", "extract ms"],
      ["clean_ms", "clean ms"],
      ["segment_ms", "segment ms"],
      ["split_ms", "split ms"],
      ["prepare_cpu_ms", "prepare CPU ms"],
      ["sentences", "sentences"],
      ["pages_per_s", "pages/s"],
    ],
    result.rows,
  );
  console.log(`  overall ${result.overall_pages_per_s} pages/s (target ≥ ${result.target_pages_per_s})`);
  console.log(
    "  prepare CPU: the process's CPU time for extract + clean + segment (limits.cpu_ms is set from it)",
  );
}
