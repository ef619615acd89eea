/** A1 notation as the fake Sheets API reads and writes it (1-based rows and columns). */

/** "A" → 1, "AA" → 27. */
export function columnNumber(letters) {
  let number = 0;
  for (const letter of letters) number = number * 26 + (letter.charCodeAt(0) - 64);
  return number;
}

/** 1 → "A", 27 → "AA". */
export function columnLetters(number) {
  let letters = "";
  for (let rest = number; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  }
  return letters;
}

/** A title as Sheets prints it in a range: quoted unless it is plain letters and digits. */
export function printTitle(title) {
  return /^[A-Za-z0-9_]+$/.test(title) ? title : `'${title.replaceAll("'", "''")}'`;
}

/** `'Title'!A1:C3` for a block, clamped by the caller. */
export function printRange(title, top, left, bottom, right) {
  return `${printTitle(title)}!${columnLetters(left)}${top}:${columnLetters(right)}${bottom}`;
}

function splitTitle(range) {
  if (range.startsWith("'")) {
    let at = 1;
    let title = "";
    while (at < range.length) {
      if (range[at] === "'" && range[at + 1] === "'") [title, at] = [`${title}'`, at + 2];
      else if (range[at] === "'") break;
      else [title, at] = [title + range[at], at + 1];
    }
    const rest = range.slice(at + 1);
    return { title, cells: rest.startsWith("!") ? rest.slice(1) : "" };
  }
  const bang = range.lastIndexOf("!");
  return bang >= 0
    ? { title: range.slice(0, bang), cells: range.slice(bang + 1) }
    : { title: null, cells: range };
}

const CELLS = /^([A-Z]*)(\d*)(?::([A-Z]*)(\d*))?$/;

/**
 * Parses `'Sheet'!A1:C3`, `Sheet!A:C`, `'Sheet'!5:10`, `'Sheet'` or `A1:B2` (first sheet) into
 * `{ title, top, left, bottom, right }`; an open side is `null` (up to the grid's edge). Returns null if invalid.
 */
export function parseRange(range, titles) {
  let { title, cells } = splitTitle(range);
  if (title === null) {
    if (titles.includes(cells) || !CELLS.test(cells)) [title, cells] = [cells, ""];
    else title = titles[0] ?? "";
  }
  if (cells === "") return { title, top: 1, left: 1, bottom: null, right: null };
  const match = CELLS.exec(cells);
  if (!match) return null;
  const [, leftLetters, topDigits, rightLetters, bottomDigits] = match;
  const single = match[3] === undefined && match[4] === undefined;
  const top = topDigits ? Number(topDigits) : 1;
  const left = leftLetters ? columnNumber(leftLetters) : 1;
  if (single) return { title, top, left, bottom: topDigits ? top : null, right: leftLetters ? left : null };
  return {
    title,
    top,
    left,
    bottom: bottomDigits ? Number(bottomDigits) : null,
    right: rightLetters ? columnNumber(rightLetters) : null,
  };
}
