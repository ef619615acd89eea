import type { ExportRow } from "../columns";
import { neutralizeFormula } from "./neutralize";

/** What an Anki file says about its notes: the tags every note gets and the prefix of each note's GUID. */
export interface AnkiOptions {
  tags: readonly string[];
  /** Unique per book (e.g. the job id): note GUIDs are `<prefix>-<index>`. */
  guidPrefix: string;
}

/** Anki tags are separated by spaces: a tag's own spaces become underscores. */
const tag = (text: string) => text.trim().replace(/\s+/g, "_");

/**
 * File headers of Anki's text importer (manual, "Importing > Text files > File headers"; Anki 2.1.55+).
 * `#notetype:Basic` presets the stock note type where it bears that name. The third column is a GUID: Anki then
 * matches notes by GUID instead of by first field, so two identical short sentences ("Oui.") stay two notes and
 * importing the same file again updates its notes rather than adding copies. No `#columns:` header: column
 * names make Anki map columns to fields by name, and the stock fields are named in the user's language
 * ("Recto"/"Verso" in French), which would leave the back empty; unnamed columns map by position everywhere.
 */
export function ankiHeader(options: AnkiOptions): string {
  const tags = options.tags.map(tag).filter(Boolean);
  const lines = ["#separator:tab", "#html:false", "#notetype:Basic", "#guid column:3"];
  if (tags.length > 0) lines.push(`#tags:${tags.join(" ")}`);
  return `${lines.join("\n")}\n`;
}

/**
 * Anki reads fields like CSV: a field with a tab, a quote or a line break is quoted, its quotes doubled. A line
 * starting with `#` is a comment to Anki, so such a field is quoted too.
 */
function ankiField(value: string): string {
  const text = neutralizeFormula(value);
  return /[\t"\r\n]/.test(text) || text.startsWith("#") ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One note: front = the sentence, back = the original sentence and its page, then the note's GUID. */
export function ankiLine(row: ExportRow, options: AnkiOptions): string {
  const back = row.source_text ? `${row.source_text} (p. ${row.page})` : `p. ${row.page}`;
  return `${[row.text, back].map(ankiField).join("\t")}\t${ankiField(`${options.guidPrefix}-${row.index}`)}\n`;
}
