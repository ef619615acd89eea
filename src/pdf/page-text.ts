/** One positioned run of text, as pdf.js reports it in `getTextContent().items`. */
export interface TextRun {
  str: string;
  /** [a, b, c, d, x, y]: x/y is the baseline origin in PDF units, d the vertical scale (font size). */
  transform: number[];
  width: number;
  height: number;
  hasEOL: boolean;
}

interface Line {
  text: string;
  x: number;
  y: number;
  end: number;
  size: number;
}

/**
 * Rebuilds a page's text from pdf.js runs: one line per "\n" and a blank line before each paragraph, so the
 * cleaner can undo line-break hyphens and join lines. Paragraphs are found from the layout: vertical space,
 * an indented or centred line, or a short line before it (unless that line ends with a hyphen).
 */
export function pageTextFromRuns(runs: TextRun[]): string {
  const lines = buildLines(runs);
  if (lines.length === 0) return "";
  const size = median(lines.map((line) => line.size));
  const margin = Math.min(...lines.map((line) => line.x));
  const right = Math.max(...lines.filter((line) => line.x <= margin + size).map((line) => line.end));
  const leading = median(
    lines.slice(1).flatMap((line, i) => {
      const gap = lines[i]!.y - line.y;
      return gap > 0 && gap < 3 * size ? [gap] : [];
    }),
  );

  const parts = [lines[0]!.text];
  for (let i = 1; i < lines.length; i++) {
    const previous = lines[i - 1]!;
    const line = lines[i]!;
    const gap = previous.y - line.y;
    const startsParagraph =
      gap <= 0 ||
      (leading > 0 && gap > 1.6 * leading) ||
      line.x > margin + 0.6 * size ||
      previous.x > margin + 3 * size ||
      (previous.end < right - 0.2 * (right - margin) && !/[-\u2010\u00AD]$/.test(previous.text));
    parts.push(startsParagraph ? "\n\n" : "\n", line.text);
  }
  return parts.join("");
}

function buildLines(runs: TextRun[]): Line[] {
  const lines: Line[] = [];
  let current: Line | null = null;
  for (const run of runs) {
    const [, , , scaleY = 0, x = 0, y = 0] = run.transform;
    const size = Math.abs(scaleY) || run.height || 1;
    const blank = run.str.trim() === "";
    // A run on another baseline starts a new line even when pdf.js did not flag the previous one with EOL.
    if (current && !blank && Math.abs(current.y - y) > 0.5 * size) current = pushLine(lines, current);
    if (!current && !blank) current = { text: "", x, y, end: x, size };
    if (current) {
      current.text += run.str;
      current.end = Math.max(current.end, x + run.width);
      if (run.hasEOL) current = pushLine(lines, current);
    }
  }
  if (current) pushLine(lines, current);
  return lines;
}

function pushLine(lines: Line[], line: Line): null {
  const text = line.text.trim();
  if (text !== "") lines.push({ ...line, text });
  return null;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
