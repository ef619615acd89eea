import { describe, expect, it } from "vitest";
import { neutralizeFormula } from "../../../../src/jobs/results/formats/neutralize";

describe("formula neutralisation", () => {
  it.each(["=1+1", "+33 1 23", "-x", "@SUM(A1)", "\tcmd", "\rcmd"])("prefixes %j with a quote", (cell) => {
    expect(neutralizeFormula(cell)).toBe(`'${cell}`);
  });

  it.each(["— Bonjour, dit-il.", "– Salut.", "Il a dit = oui", "'déjà cité", "", "Phrase-clé."])(
    "leaves %j as it is",
    (cell) => {
      expect(neutralizeFormula(cell)).toBe(cell);
    },
  );
});
