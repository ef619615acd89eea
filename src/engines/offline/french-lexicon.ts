/**
 * Word lists the offline engine needs to read French: abbreviations a period does not end a sentence after,
 * and the words a long sentence may be cut before.
 */

/**
 * Abbreviations usually followed by a name or a number (so an uppercase word or a digit after their period
 * does not start a sentence). "etc." is deliberately absent: it often ends a sentence, and a lowercase word
 * after it already keeps the sentence going.
 */
export const ABBREVIATIONS: ReadonlySet<string> = new Set([
  "M",
  "MM",
  "Mme",
  "Mmes",
  "Mlle",
  "Mlles",
  "Mgr",
  "Mgrs",
  "Dr",
  "Drs",
  "Me",
  "Pr",
  "Prof",
  "Sr",
  "St",
  "Ste",
  "Sts",
  "Stes",
  "Vve",
  "Cie",
  "av",
  "apr",
  "env",
  "cf",
  "Cf",
  "chap",
  "ch",
  "vol",
  "liv",
  "t",
  "p",
  "pp",
  "v",
  "vv",
  "art",
  "fig",
  "n°",
  "no",
  "No",
  "éd",
  "voy",
  "Voy",
  "Ps",
  "ibid",
  "id",
  "op",
  "cit",
  "c.-à-d",
  "c-à-d",
  // Old legal French: "lad. Église", "dud. Me Delaleu".
  "lad",
  "led",
  "lesd",
  "dud",
  "desd",
  "aud",
  "auxd",
]);

/** Words that start a clause, in front of which a long sentence may be cut. */
export const CLAUSE_STARTS: ReadonlySet<string> = new Set([
  "et",
  "mais",
  "ou",
  "où",
  "donc",
  "or",
  "ni",
  "car",
  "puis",
  "qui",
  "que",
  "dont",
  "lorsque",
  "quand",
  "puisque",
  "quoique",
  "comme",
  "si",
  "lequel",
  "laquelle",
  "lesquels",
  "lesquelles",
  "auquel",
  "auxquels",
  "auxquelles",
  "duquel",
  "desquels",
  "desquelles",
]);

/** Elided clause starts ("qu'il", "lorsqu'elle", "s'il"): the prefix up to and including the apostrophe. */
export const ELIDED_CLAUSE_STARTS: readonly string[] = ["qu'", "lorsqu'", "puisqu'", "quoiqu'", "s'il"];

/**
 * Words that open a clause together with the following "que"/"qui"/"dont" ("parce que", "ce qui", "alors
 * que"): the cut goes before them rather than between the two.
 */
export const CLAUSE_LEADS: ReadonlySet<string> = new Set([
  "ce",
  "parce",
  "tandis",
  "alors",
  "afin",
  "bien",
  "pendant",
  "sans",
  "avant",
  "après",
  "depuis",
  "dès",
  "pour",
]);
