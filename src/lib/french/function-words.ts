/**
 * French closed word classes: the grammar words a learner's sentence must not end on, and the words that
 * open a clause. Small, fixed lists (every French grammar has them); open classes come from the lexicons.
 */

const list = (words: string): ReadonlySet<string> => new Set(words.split(" "));

/** Articles, demonstratives, possessives and quantifiers that introduce a noun. */
export const DETERMINERS = list(
  "le la les l' un une des du au aux ce cet cette ces mon ma mes ton ta tes son sa ses notre nos votre vos " +
    "quel quelle quels quelles chaque quelques aucun aucune nulle toute certain certaine " +
    "divers diverses maint mainte maints maintes",
);

/** Articles and possessives: never a pronoun, so never the end of a clause. */
const ARTICLES = list("le la les l' des du au aux ce cet cette ces mon ma mes ton ta tes son sa ses nos vos");

/** Prepositions, including the elided and contracted forms. */
export const PREPOSITIONS = list(
  "à de d' en dans par pour sur sous avec sans chez vers entre contre parmi selon depuis pendant avant après " +
    "devant derrière malgré envers hors outre durant dès jusque jusqu' jusqu'à près auprès lors via " +
    "moyennant nonobstant hormis excepté concernant touchant",
);

/** Object, reflexive and subject pronouns that only stand next to a verb ("il", "me", "y"). */
export const CLITICS = list("je j' tu il ils on me m' te t' se s' y ne n'");

/** Coordinating and subordinating conjunctions that never end a clause. */
export const CONJUNCTIONS = list(
  "et ou ni mais car que qu' quand lorsque lorsqu' puisque puisqu' quoique quoiqu' si comme " +
    "parce afin tandis sitôt pourvu",
);

/** Relative and interrogative pronouns that open a clause. */
export const RELATIVES = list(
  "qui que qu' dont où lequel laquelle lesquels lesquelles auquel auxquels auxquelles duquel desquels desquelles",
);

/** Subject pronouns: a clause usually starts at one of them. */
export const SUBJECT_PRONOUNS = list("je j' tu il ils elle elles on nous vous");

/** Pronouns that can follow a verb after a hyphen ("dit-il", "donne-moi"), with the persons they agree with. */
export const INVERTED_PRONOUNS: ReadonlyMap<string, number> = new Map([
  ["je", 0b000001],
  ["tu", 0b000010],
  ["il", 0b000100],
  ["elle", 0b000100],
  ["on", 0b000100],
  ["nous", 0b001000],
  ["vous", 0b010000],
  ["ils", 0b100000],
  ["elles", 0b100000],
]);

/** Pronouns that follow an imperative after a hyphen ("prends-le", "dis-moi", "allez-vous-en"). */
export const IMPERATIVE_PRONOUNS = list("moi toi lui le la les leur nous vous en y");

/** Second halves of compounds made freely, whatever the first half ("ce jour-là", "celui-ci"). */
export const FREE_COMPOUND_TAILS = list("ci là même mêmes");

/** A token reduced to what decides its class: lowercase, plain apostrophe, outer punctuation stripped. */
export function bareToken(token: string): string {
  return token
    .toLowerCase()
    .replaceAll("’", "'")
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}']+$/gu, "");
}

/**
 * The part of a token that decides its class: after an elision ("qu'il" → "il", "jusqu'à" → "à"), but a
 * token ending with an apostrophe stays whole ("qu'" is a conjunction).
 */
export function lastElement(bare: string): string {
  const apostrophe = bare.lastIndexOf("'", bare.length - 2);
  return apostrophe < 0 ? bare : bare.slice(apostrophe + 1);
}

/** Pronouns spelt like a determiner ("l'un", "aucun,"): they can end a clause. */
const PRONOUN_FORMS = list("l'un l'une");

/**
 * True when a piece of a sentence must not end on this token: a determiner, preposition, clitic or
 * conjunction. Before punctuation a preposition is an adverb ("quelques jours après.") and a determiner a
 * pronoun ("sans en excepter aucun,"), so only clitics, conjunctions and articles still dangle there.
 */
export function isDanglingWord(token: string): boolean {
  const bare = bareToken(token);
  const word = lastElement(bare);
  if (PRONOUN_FORMS.has(bare)) return false;
  if (CLITICS.has(word) || CONJUNCTIONS.has(word) || RELATIVES.has(word)) return true;
  if (/[\p{L}\p{N}'’]$/u.test(token)) return DETERMINERS.has(word) || PREPOSITIONS.has(word);
  return ARTICLES.has(word);
}
