/**
 * Reads JSON the way a careful human would: as is, then without Markdown fences, then the first balanced
 * value in the text; a top-level array cut short (MAX_TOKENS) keeps its complete elements. Undefined when
 * nothing usable remains.
 */
export function parseLooseJson(text: string): unknown {
  const attempts = [text, stripFences(text)];
  for (const candidate of attempts) {
    const parsed = tryParse(candidate);
    if (parsed !== undefined) return parsed;
  }
  return extractValue(stripFences(text));
}

function stripFences(text: string): string {
  const fenced = /```(?:json)?\s*([\s\S]*?)(?:```|$)/i.exec(text);
  return fenced?.[1] ?? text;
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Scans from the first `[` or `{`, tracking strings and depth, to the end of that value. */
function extractValue(text: string): unknown {
  const start = text.search(/[[{]/);
  if (start < 0) return undefined;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let lastElementEnd = -1;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === "\\") escaped = true;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === "[" || ch === "{") depth++;
    else if (ch === "]" || ch === "}") {
      depth--;
      if (depth === 0) return tryParse(text.slice(start, i + 1));
      if (depth === 1) lastElementEnd = i + 1;
    }
  }
  if (text[start] !== "[" || lastElementEnd < 0) return undefined;
  return tryParse(`${text.slice(start, lastElementEnd)}]`);
}
