// Scenario "quality": what a learner gets from the offline engine (default settings, limit 8) on every
// document — pieces over the limit, under the minimum, ending on a function word, without a finite verb;
// words extracted, removed by the clean-up and kept; tables of contents and headings removed — on the corpus
// novels, the generated novels and a generated book laid out like an OCR'd edition (table of contents, part
// and chapter headings, soft hyphens). Counted in Node by bench/scenarios/quality-stages.ts under tsx.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { printTable } from "../lib/report.mjs";
import { makeStructuredBookPdf } from "../lib/structured-pdf.mjs";

const STAGES_SCRIPT = "bench/scenarios/quality-stages.ts";
const TIMEOUT_MS = 10 * 60_000;

/** Judges every document plus the structured book; `{ skipped }` when tsx is not installed. */
export async function quality({ documents, workDir }) {
  if (!existsSync("node_modules/.bin/tsx")) return { skipped: "tsx is not in node_modules/.bin" };
  const book = await makeStructuredBookPdf();
  const bookPath = join(workDir, "structured-book.pdf");
  const prosePath = join(workDir, "structured-book.txt");
  await writeFile(bookPath, book.bytes);
  await writeFile(prosePath, book.prose);
  const all = [...documents, { name: "structured book (OCR-like)", path: bookPath }];
  const run = spawnSync(
    process.execPath,
    ["--import", "tsx", STAGES_SCRIPT, ...all.map((document) => document.path), "--prose", prosePath],
    { encoding: "utf8", timeout: TIMEOUT_MS },
  );
  if (run.status !== 0)
    return {
      skipped: `the quality counter failed: ${(run.stderr || run.error?.message || "").slice(0, 500)}`,
    };
  const lines = run.stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
  return { rows: lines.map((line, i) => ({ document: all[i].name, ...line })) };
}

/** Prints the quality table. */
export function printQuality(result) {
  printTable(
    "Offline engine output quality (default settings: limit 8, minimum 2)",
    [
      ["document", "document"],
      ["pages", "pages"],
      ["words_extracted", "extracted"],
      ["words_removed", "removed"],
      ["words_in", "in"],
      ["words_out", "out"],
      ["pieces", "pieces"],
      ["over_limit_pct", "> limit %"],
      ["under_min_pct", "< min %"],
      ["function_word_end_pct", "fn-word end %"],
      ["no_finite_verb_pct", "no verb %"],
      ["furniture_lines", "furniture"],
      ["toc_lines", "TOC"],
      ["headings", "headings"],
      ["structure_sentences", "TOC/heads left"],
      ["chapters", "chapters"],
      ["prose_recall_pct", "prose kept %"],
    ],
    result.rows,
  );
}
