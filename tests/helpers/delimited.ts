/**
 * A small RFC 4180 reader for the tests: fields split by `separator`, records by CRLF or LF, quoted fields with
 * doubled quotes. With `comment`, a record starting with that character is skipped, as Anki's reader does.
 */
export function parseDelimited(text: string, separator: string, comment?: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') [field, i] = [`${field}"`, i + 1];
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (comment && ch === comment && record.length === 0 && field === "" && !wasQuoted) {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (ch === '"' && field === "") {
      [quoted, wasQuoted] = [true, true];
    } else if (ch === separator) {
      record.push(field);
      [field, wasQuoted] = ["", false];
    } else if (ch === "\n" || (ch === "\r" && text[i + 1] === "\n")) {
      if (ch === "\r") i++;
      records.push([...record, field]);
      [record, field, wasQuoted] = [[], "", false];
    } else field += ch;
  }
  if (field !== "" || record.length > 0) records.push([...record, field]);
  return records;
}
