/**
 * Finite French verb forms, from the Lefff's conjugation tables kept as paradigms (data/verb-paradigms.ts):
 * 8 tenses × 6 persons per table, the imperative third.
 */
import { VERB_PARADIGMS } from "./data/verb-paradigms";
import { IMPERATIVE_PRONOUNS, INVERTED_PRONOUNS } from "./function-words";
import { paradigmIndex } from "./paradigms";

const INVERTED = new Set(["t", ...INVERTED_PRONOUNS.keys(), ...IMPERATIVE_PRONOUNS]);

/** Persons as bits: 1st, 2nd, 3rd singular, then 1st, 2nd, 3rd plural. */
export type Persons = number;

/** What a word can be as a finite verb: the persons it agrees with, and whether it can be an imperative. */
export interface VerbForm {
  persons: Persons;
  imperative: boolean;
}

/** The imperative's place among the 8 tenses of a paradigm line. */
const IMPERATIVE_TENSE = 2;

/**
 * Homographs far more common as another word than as the verb form ("plus" of plaire, "nuit" of nuire,
 * "entre" of entrer): counting them as verbs would see a clause in every "de plus" or "à cause de".
 */
const NOT_VERBS = new Set("plus nuit sens entre contre point puis mis sorte cause place".split(" "));

const verbs = paradigmIndex(VERB_PARADIGMS);

/** The finite-verb readings of a lowercase word, or null when it is no finite form of a known verb. */
export function verbForm(word: string): VerbForm | null {
  const slots = verbs.slotsOf(word);
  if (slots.length === 0) return null;
  const form = { persons: 0, imperative: false };
  for (const slot of slots) {
    if (Math.floor(slot / 6) === IMPERATIVE_TENSE) form.imperative = true;
    else form.persons |= 1 << (slot % 6);
  }
  return form;
}

/** True when a token (any case, elided or not: "s'écria", "J'avais") reads as a finite verb. */
export function isFiniteVerb(token: string): boolean {
  const bare = token.toLowerCase().replaceAll("’", "'");
  const word = bare.slice(bare.lastIndexOf("'") + 1).replace(/[^\p{L}-]+$/u, "");
  // "dit-il", "a-t-elle", "dis-moi": the verb before an inverted pronoun; other compounds are no verbs.
  const [verb = "", next] = word.split("-");
  if (next !== undefined && !INVERTED.has(next)) return false;
  return verb !== "" && !NOT_VERBS.has(verb) && verbForm(verb) !== null;
}
