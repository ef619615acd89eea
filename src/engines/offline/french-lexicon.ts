/**
 * Word lists the offline engine needs to read French: abbreviations a period does not end a sentence after,
 * the words that open a sentence or a clause.
 */

const lower = (words: string): ReadonlySet<string> =>
  new Set(
    words
      .toLowerCase()
      .split(/\s+/u)
      .filter((word) => word !== ""),
  );

/**
 * Abbreviations a name (or a number) usually follows, so a period after them ends no sentence before an
 * upper-case word: titles (M., Mme, Dr, Mgr, Mrs., LL. AA.), Latin and business abbreviations, street words.
 * Compared in lower case ("m.", "mme." too). "etc." is deliberately absent: it often ends a sentence.
 */
export const NAME_ABBREVIATIONS = lower(`
  M MM Mme Mmes Mlle Mlles Mgr Mgrs Dr Drs Me Mes Pr Prof Sr Srs St Ste Sts Stes Vve Mr Mrs Ms Messrs
  Sgt Cpt Capt Gén Gal Lt Cdt Cne Adj Maj Rév Révd Fr
  LL AA SS EE SA SAR SM
  Cie Inc Ltd Co Corp Sté Éts Ets Bros
  av apr env cf ibid id op cit loc viz vs voy ps c.-à-d c-à-d i.e e.g p.ex N.B P.S
  bd boul fg pl imp sq sqq
  lad led lesd dud desd aud auxd`);

/**
 * Abbreviations a number (or a roman numeral) follows: "art. 12", "p. 45", "t. II", "réf. 3", "janv. 1789".
 * Many are also words ("art", "vol"), so before anything else their period ends the sentence as usual.
 */
export const NUMBER_ABBREVIATIONS = lower(`
  art chap ch liv t p pp v vv n° no nos num réf ref éd sect tab ann coll fig ex fasc suppl vol
  janv févr fév avr juil sept oct nov déc`);

/** Words that, with a number after them, open a heading: "Chapitre 1." is not a sentence of its own. */
export const HEADING_WORDS = lower(
  "chapitre chap partie livre tome section article art acte scène titre chant",
);

/** Lower-case words that open a sentence: after a full stop they start a new one even without a capital. */
export const SENTENCE_OPENERS = lower(`
  je j' tu il ils elle elles on nous vous c' ce cela ceci ça le la les l' un une des mais puis alors ensuite
  enfin cependant pourtant toutefois donc aussi ainsi quand lorsque si`);

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
