/**
 * Word forms kept as paradigms: each paradigm is a table of endings, and the stems taking it; a form is a stem
 * plus one of its paradigm's endings. Data lines are "ending,ending,…|stem stem …" ("!" for an empty slot),
 * separated by "¦". Decoded on first use into an index from ending to the stems and slots it completes.
 */

interface Entry {
  stems: ReadonlySet<string>;
  /** The slots (positions in the paradigm's table) this ending fills. */
  slots: readonly number[];
}

/** Looks forms up in paradigm data. */
export interface ParadigmIndex {
  /** The slots a form fills in the paradigms it belongs to (empty when it is not a known form). */
  slotsOf(form: string): number[];
}

/** An index over `data`, decoded at the first lookup. */
export function paradigmIndex(data: string): ParadigmIndex {
  let byEnding: Map<string, Entry[]> | null = null;
  let longest = 0;
  const build = () => {
    const index = new Map<string, Entry[]>();
    for (const line of data.split("¦")) {
      const [endings = "", stemList = ""] = line.split("|");
      const stems = new Set(stemList.split(" "));
      const slots = new Map<string, number[]>();
      endings.split(",").forEach((ending, slot) => {
        if (ending !== "!") slots.set(ending, [...(slots.get(ending) ?? []), slot]);
      });
      for (const [ending, filled] of slots) {
        index.set(ending, [...(index.get(ending) ?? []), { stems, slots: filled }]);
        longest = Math.max(longest, ending.length);
      }
    }
    return index;
  };
  return {
    slotsOf(form) {
      byEnding ??= build();
      const found: number[] = [];
      for (let length = 0; length <= Math.min(longest, form.length); length++) {
        const stem = form.slice(0, form.length - length);
        for (const entry of byEnding.get(form.slice(form.length - length)) ?? [])
          if (entry.stems.has(stem)) found.push(...entry.slots);
      }
      return found;
    },
  };
}
