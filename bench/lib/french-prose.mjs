// Deterministic French novel prose for the benchmark: a seeded generator of paragraphs with short and long
// sentences, commas and semicolons, dialogue in « … » and em-dash lines, questions, ellipses and the
// abbreviations that trip sentence splitters (M., Mme, Dr, etc., J.-B.). Only WinAnsi characters.

/** mulberry32: the same seed always gives the same text. */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PEOPLE = [
  "M. Lambert",
  "Mme de Villeparisis",
  "le Dr Vernet",
  "Mlle Aubry",
  "Julien",
  "Mathilde",
  "la comtesse",
  "le vieux Bertrand",
  "l’abbé Féval",
  "J.-B. Lemoine",
  "Claire",
  "le capitaine",
];
const PLACES = [
  "dans le salon jaune",
  "sur la route de Chartres",
  "au bord de l’étang",
  "derrière l’église Saint-Étienne",
  "au second étage de l’hôtel",
  "dans la petite gare de province",
  "sous les tilleuls du jardin",
  "près de la cheminée",
];
const TIMES = [
  "Ce soir-là",
  "Vers dix heures",
  "Le lendemain matin",
  "Au XIXe siècle",
  "Depuis le mois d’octobre",
  "À la tombée de la nuit",
  "Pendant tout l’hiver",
];
const ACTIONS = [
  "relisait une lettre qu’il n’avait jamais osé ouvrir",
  "regardait la pluie tomber sur les toits d’ardoise",
  "attendait une voiture qui ne venait pas",
  "parlait à voix basse de la succession de son oncle",
  "rangeait des papiers jaunis dans un tiroir",
  "écoutait, sans rien dire, le bruit des pas dans l’escalier",
  "songeait à la maison de son enfance",
  "comptait les pièces d’or sur la table",
  "marchait lentement, les mains derrière le dos",
];
const FEELINGS = [
  "une inquiétude sourde l’envahissait",
  "personne ne semblait le remarquer",
  "le silence devenait insupportable",
  "chacun feignait de n’avoir rien entendu",
  "la conversation reprit comme si de rien n’était",
  "on eût dit que le temps s’était arrêté",
];
const SPEECH = [
  "Vous ne comprenez donc rien",
  "Il faudra partir avant l’aube",
  "Je vous l’avais bien dit",
  "Qui a laissé cette porte ouverte",
  "Nous verrons cela demain",
  "Jamais je ne signerai ce papier",
  "Êtes-vous certain de ce que vous dites",
  "Le notaire arrive à midi, avec les actes, les clés, etc.",
];
const VERBS_OF_SAYING = ["dit", "répondit", "murmura", "s’écria", "reprit"];
const AFTER_PAUSE = ["se tut", "reprit sa lecture", "sortit sans un mot", "posa la lettre sur la table"];
const SHORT = [
  "Il pleuvait.",
  "Personne ne répondit.",
  "La nuit tombait.",
  "Elle sourit.",
  "Rien ne bougeait.",
  "Quelle folie !",
  "Que faire ?",
];

const pick = (random, list) => list[Math.floor(random() * list.length)];
const capitalise = (text) => text.charAt(0).toUpperCase() + text.slice(1);
/** "que" elided before a vowel: qu’une, qu’on. */
const que = (text) => (/^[aeiouéè]/i.test(text) ? `qu’${text}` : `que ${text}`);

/** One sentence of a kind chosen at random: short, plain, long with clauses, or with an ellipsis. */
function narrativeSentence(random) {
  const roll = random();
  if (roll < 0.15) return pick(random, SHORT);
  if (roll < 0.45) return `${pick(random, TIMES)}, ${pick(random, PEOPLE)} ${pick(random, ACTIONS)}.`;
  if (roll < 0.8) {
    const first = `${capitalise(pick(random, PEOPLE))} ${pick(random, ACTIONS)} ${pick(random, PLACES)}`;
    return `${first}; ${pick(random, FEELINGS)}, et ${pick(random, PEOPLE)} ${pick(random, ACTIONS)}, tandis ${que(pick(random, FEELINGS))}.`;
  }
  if (roll < 0.9) return `${capitalise(pick(random, PEOPLE))} hésita… puis ${pick(random, AFTER_PAUSE)}.`;
  return `${capitalise(pick(random, PEOPLE))}, ${que(pick(random, PEOPLE))} avait connu ${pick(random, PLACES)}, ${pick(random, ACTIONS)}, ${pick(random, ACTIONS)}, et ${pick(random, FEELINGS)}.`;
}

/** A line of dialogue, either quoted in « » inside the narration or as an em-dash paragraph. */
function dialogue(random) {
  const line = pick(random, SPEECH);
  const question = /^(Qui|Êtes)/.test(line);
  const who = pick(random, PEOPLE);
  const verb = question ? "demanda" : pick(random, VERBS_OF_SAYING);
  if (random() < 0.5) return `— ${line}${question ? " ?" : ","} ${verb} ${who}.`;
  return `« ${line}${question ? " ?" : " !"} » ${verb} ${who}. ${narrativeSentence(random)}`;
}

/** An endless stream of paragraphs of 1 to 6 sentences, a third of them dialogue. */
export function* frenchParagraphs(seed) {
  const random = seededRandom(seed);
  for (;;) {
    if (random() < 0.33) {
      yield dialogue(random);
      continue;
    }
    const count = 1 + Math.floor(random() * 6);
    yield Array.from({ length: count }, () => narrativeSentence(random)).join(" ");
  }
}
