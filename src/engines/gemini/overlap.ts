/** Function words that carry no idea of their own: a rewrite may add or drop them freely. */
const FRENCH_STOP_WORDS = new Set(
  (
    "a à ai ait as au aux avec avait avaient avoir c ça ce ceci cela celle celui ces cet cette ci comme d " +
    "dans de des du elle elles en est et été être eu eux il ils j je l la le les leur leurs lui m ma mais me " +
    "même mes moi mon n ne ni nos notre nous on ont ou où par pas plus pour qu que qui s sa sans se ses si " +
    "son sont sur t ta te tes toi ton tu un une vos votre vous y était étaient fut furent sera serait " +
    "avons avez donc or car puis alors aussi très tout tous toute toutes"
  ).split(" "),
);

/** Lower-cased content words of a text (apostrophes and hyphens split words: "l'homme" → "homme"). */
export function contentWords(text: string): Set<string> {
  const tokens = text
    .normalize("NFC")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u);
  return new Set(tokens.filter((token) => token !== "" && !FRENCH_STOP_WORDS.has(token)));
}

/**
 * How faithfully `pieces` keep `source`: the smaller of recall (source content words kept) and precision
 * (output content words taken from the source), so both dropped ideas and invented or translated words
 * lower it. 1 when the source has no content word.
 */
export function contentOverlap(source: string, pieces: readonly string[]): number {
  const original = contentWords(source);
  const rewritten = contentWords(pieces.join(" "));
  if (original.size === 0) return 1;
  let shared = 0;
  for (const word of rewritten) if (original.has(word)) shared++;
  const recall = shared / original.size;
  const precision = rewritten.size === 0 ? 0 : shared / rewritten.size;
  return Math.min(recall, precision);
}
