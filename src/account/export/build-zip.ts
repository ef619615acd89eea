import { makeZip } from "client-zip";
import type { ExportOptions, SectionContext, ZipEntry } from "../data-section";
import { DATA_SECTIONS } from "../registry";

interface JsonFile {
  name: string;
  describe: string;
  value: unknown;
}

/** The JSON files of the export: one per file name of the registry (rows of sections sharing a name joined). */
async function jsonFiles(ctx: SectionContext, userId: string): Promise<JsonFile[]> {
  const files = new Map<string, JsonFile>();
  for (const section of DATA_SECTIONS) {
    if (!section.file) continue;
    const value = await section.file.rows(ctx, userId);
    const existing = files.get(section.file.name);
    if (!existing)
      files.set(section.file.name, { name: section.file.name, describe: section.file.describe, value });
    else if (Array.isArray(existing.value) && Array.isArray(value))
      existing.value = [...existing.value, ...value];
    else throw new Error(`sections share ${section.file.name} but its rows are not arrays`);
  }
  return [...files.values()];
}

/** README.txt: what the archive is and what each file holds. */
function readme(files: JsonFile[], options: ExportOptions, now: number): string {
  const streamed = DATA_SECTIONS.flatMap((section) => section.entries?.describe ?? []);
  return [
    "French Novel Tool — a copy of your data",
    "",
    `Made on ${new Date(now).toISOString()}${options.includePdfs ? "" : ", without the PDFs (include_pdfs=false)"}.`,
    "JSON files use the API's field names; dates are ISO 8601 in UTC. No password, token, key or hash of one is included.",
    "",
    "README.txt — this file.",
    ...files.map((file) => `${file.name} — ${file.describe}`),
    ...streamed,
    "",
  ].join("\r\n");
}

/** Every file of the export, produced lazily: the JSON files first, then each section's streamed files. */
async function* exportEntries(
  ctx: SectionContext,
  userId: string,
  options: ExportOptions,
): AsyncGenerator<ZipEntry> {
  const lastModified = new Date(ctx.now);
  const files = await jsonFiles(ctx, userId);
  yield { name: "README.txt", input: readme(files, options, ctx.now), lastModified };
  for (const file of files) {
    yield { name: file.name, input: `${JSON.stringify(file.value, null, 2)}\n`, lastModified };
  }
  for (const section of DATA_SECTIONS) if (section.entries) yield* section.entries.list(ctx, userId, options);
}

/**
 * The export as a ZIP stream (client-zip: stored entries, Zip64 past 4 GiB), and how many files went in so far.
 * Entries are pulled one at a time as the stream is read, so only the file being copied is open.
 */
export function exportZip(ctx: SectionContext, userId: string, options: ExportOptions) {
  let files = 0;
  const counted = (async function* () {
    for await (const entry of exportEntries(ctx, userId, options)) {
      files++;
      yield entry;
    }
  })();
  return { stream: makeZip(counted, { buffersAreUTF8: true }), fileCount: () => files };
}
