/**
 * KV cache keys for results: a SHA-256 of a canonical JSON (sorted keys) of exactly what shapes the output.
 * The engine, model and prompt version are part of every key, so changing any of them misses by construction;
 * bump the `v1` prefix when the stored value's shape changes.
 */
import type { EngineName, SentenceSettings } from "./types";

interface KeyBase {
  settings: SentenceSettings;
  engine: EngineName;
  /** The upstream model, or null for the offline engine. */
  model: string | null;
  /** The engine's prompt version, or null when it has none. */
  promptVersion: string | null;
}

export interface DocumentKeyInput extends KeyBase {
  /** Hex SHA-256 of the uploaded PDF bytes. */
  pdfSha256: string;
}

export interface ChunkKeyInput extends KeyBase {
  /** The chunk's source sentence texts, in order. */
  sentences: readonly string[];
}

/** Key of a whole document's result: `doc:v1:<sha256 hex>`. */
export async function documentCacheKey(input: DocumentKeyInput): Promise<string> {
  const { settings } = input;
  return `doc:v1:${await sha256Hex(
    canonicalJson({
      pdf: input.pdfSha256,
      engine: input.engine,
      model: input.model,
      prompt: input.promptVersion,
      // Every setting shapes a document: hyphenation fixing changes the text before it is segmented, and the
      // user's abbreviations where it is cut into sentences (compared without case or final period).
      settings: {
        ...chunkSettings(settings),
        fixHyphenation: settings.fixHyphenation,
        extraAbbreviations: settings.extraAbbreviations?.length
          ? [...new Set(settings.extraAbbreviations.map((a) => a.toLowerCase().replace(/\.$/, "")))].sort()
          : undefined,
      },
    }),
  )}`;
}

/** Key of one chunk's result: `chunk:v1:<sha256 hex>`. Indices and pages are not in it: the texts are. */
export async function chunkCacheKey(input: ChunkKeyInput): Promise<string> {
  return `chunk:v1:${await sha256Hex(
    canonicalJson({
      sentences: input.sentences,
      engine: input.engine,
      model: input.model,
      prompt: input.promptVersion,
      settings: chunkSettings(input.settings),
    }),
  )}`;
}

/** Hex SHA-256 of text (UTF-8) or bytes. */
export async function sha256Hex(data: string | BufferSource): Promise<string> {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * The settings that change a chunk's output, picked by name so that anything else a caller's object carries
 * never splits the cache. Hyphenation is fixed while cleaning pages, before chunks exist.
 */
function chunkSettings(settings: SentenceSettings): Record<string, number | boolean> {
  return {
    sentenceLengthLimit: settings.sentenceLengthLimit,
    minSentenceLength: settings.minSentenceLength,
    ignoreDialogue: settings.ignoreDialogue,
    preserveFormatting: settings.preserveFormatting,
  };
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, field]) => field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, field]) => `${JSON.stringify(key)}:${canonicalJson(field)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
