// The PDFs the benchmark processes: generated French novels of fixed sizes (seeded, so every run reads the
// same text) and the real novels of the shared corpus when it is present.
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { makeNovelPdf } from "./french-pdf.mjs";

/** Relative to the project root, as /work/shared/corpus/README.md asks. */
const CORPUS_DIR = "../shared/corpus/fr";
const CORPUS_FILES = ["saint-simon-memoires-XX-08pt.pdf", "maindron-incomparable-florimond-08pt.pdf"];

/**
 * Writes the generated PDFs into `dir` and returns every document as `{ name, path, bytes }`, plus a note
 * when the corpus is absent.
 */
export async function benchDocuments(pageCounts, dir) {
  const documents = [];
  for (const pages of pageCounts) {
    const path = join(dir, `generated-${pages}p.pdf`);
    const bytes = await makeNovelPdf(pages, pages);
    await writeFile(path, bytes);
    documents.push({ name: `generated ${pages} p`, path, bytes });
  }
  if (!existsSync(CORPUS_DIR)) {
    return { documents, note: `corpus skipped: ${CORPUS_DIR} is absent (see /work/shared/corpus/README.md)` };
  }
  for (const file of CORPUS_FILES) {
    const path = join(CORPUS_DIR, file);
    if (existsSync(path))
      documents.push({ name: basename(file, "-08pt.pdf"), path, bytes: await readFile(path) });
  }
  return { documents, note: null };
}
