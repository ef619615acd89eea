import { describe, expect, it } from "vitest";
import { pageTextFromRuns, type TextRun } from "../../src/pdf/page-text";

/** A run of 10 pt text at (x, y), 5 units wide per character. */
const run = (str: string, x: number, y: number, hasEOL = true): TextRun => ({
  str,
  transform: [10, 0, 0, 10, x, y],
  width: str.length * 5,
  height: 10,
  hasEOL,
});
const FULL = "x".repeat(60);

describe("pageTextFromRuns", () => {
  it("joins runs of one line and breaks lines on EOL or a new baseline", () => {
    const runs = [
      run("Il était ", 50, 700, false),
      run(FULL, 95, 700),
      run(FULL, 50, 688, false),
      run("fin.", 50, 676),
    ];
    expect(pageTextFromRuns(runs)).toBe(`Il était ${FULL}\n${FULL}\nfin.`);
  });

  it("starts a paragraph at an indented line, after a short line and after vertical space", () => {
    const runs = [
      run(FULL, 50, 700),
      run("fin.", 50, 688),
      run(FULL.slice(2), 62, 676),
      run(FULL, 50, 664),
      run(FULL, 50, 630),
    ];
    expect(pageTextFromRuns(runs)).toBe(`${FULL}\nfin.\n\n${FULL.slice(2)}\n${FULL}\n\n${FULL}`);
  });

  it("keeps a short line ending with a hyphen in its paragraph", () => {
    expect(pageTextFromRuns([run(FULL, 50, 700), run("cheva-", 50, 688), run("lier.", 50, 676)])).toBe(
      `${FULL}\ncheva-\nlier.`,
    );
  });

  it("sets a page number or centred title apart from the text", () => {
    const runs = [run("12", 300, 760), run("CHAPITRE II", 150, 730), run(FULL, 50, 700), run(FULL, 50, 688)];
    expect(pageTextFromRuns(runs)).toBe(`12\n\nCHAPITRE II\n\n${FULL}\n${FULL}`);
  });

  it("ignores empty runs and returns an empty string for a page without text", () => {
    expect(pageTextFromRuns([run("", 0, 0), run("   ", 10, 10)])).toBe("");
  });
});
