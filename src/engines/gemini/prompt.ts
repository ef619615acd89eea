import type { SentenceSettings } from "../types";
import { responseSchema, rewriteAnswer, transcribeAnswer } from "./answer";
import type { GeminiRequest } from "./client";

/** Bump on any change to the prompts below: it is part of every cache key, so old answers miss by construction. */
export const PROMPT_VERSION = "fr-split-2026-01";

/** A source sentence as sent to Gemini. */
export interface RewriteItem {
  id: number;
  text: string;
}

const REWRITE_SCHEMA = responseSchema(rewriteAnswer);
const TRANSCRIBE_SCHEMA = responseSchema(transcribeAnswer);

/** The request for a batch of over-limit sentences; `problems` (id → reason) makes it the stricter retry. */
export function rewriteRequest(
  items: RewriteItem[],
  settings: SentenceSettings,
  problems?: ReadonlyMap<number, string>,
): GeminiRequest {
  const lines = [
    "Vous êtes professeur de français langue étrangère. Vous préparez un roman pour des apprenants :",
    `chaque phrase doit compter au plus ${settings.sentenceLengthLimit} mots et au moins ${settings.minSentenceLength} mots.`,
    "Vous recevez un tableau JSON d'éléments { id, text }. Pour chaque élément, découpez le texte en phrases",
    "complètes et autonomes, ou reformulez-le le moins possible pour qu'il tienne dans cette limite.",
    ...sharedRules(settings),
    'Répondez uniquement par un tableau JSON [{ "id": <id reçu>, "sentences": ["…"] }] :',
    "un élément par id reçu, tous les ids, dans l'ordre reçu.",
  ];
  if (problems && problems.size > 0) {
    lines.push(
      "ATTENTION : une réponse précédente a été refusée. Comptez les mots de chaque phrase avant de répondre,",
      "n'oubliez aucun id et réutilisez les mots d'origine. Problèmes relevés :",
      ...[...problems].map(([id, reason]) => `- id ${id} : ${reason}`),
    );
  }
  return {
    systemInstruction: lines.join("\n"),
    parts: [{ text: JSON.stringify(items) }],
    responseJsonSchema: REWRITE_SCHEMA,
  };
}

/** The request for one scanned page, sent as a one-page PDF (base64). */
export function transcribeRequest(pdfBase64: string, settings: SentenceSettings): GeminiRequest {
  const lines = [
    "Vous êtes professeur de français langue étrangère. Vous préparez un roman pour des apprenants.",
    "Cette page est scannée : transcrivez fidèlement son texte français, dans l'ordre de lecture, sans le",
    "titre courant, les numéros de page ni les notes de bas de page. Puis découpez chaque phrase du texte en",
    `phrases d'au plus ${settings.sentenceLengthLimit} mots et d'au moins ${settings.minSentenceLength} mots.`,
    ...sharedRules(settings),
    'Répondez uniquement par un tableau JSON [["…", "…"], ["…"]] : un tableau par phrase de la page,',
    "contenant les phrases courtes qu'elle est devenue.",
  ];
  return {
    systemInstruction: lines.join("\n"),
    parts: [{ inlineData: { mimeType: "application/pdf", data: pdfBase64 } }],
    responseJsonSchema: TRANSCRIBE_SCHEMA,
  };
}

function sharedRules(settings: SentenceSettings): string[] {
  return [
    "Règles :",
    "- Gardez chaque idée et chaque information, dans l'ordre : pas de résumé, pas d'omission, pas d'ajout.",
    "- Gardez le vocabulaire d'origine : pas de traduction, pas de synonymes plus simples.",
    "- Vous pouvez répéter le sujet ou remplacer une conjonction par un point pour rendre une phrase autonome.",
    "- Gardez les guillemets (« », “ ”) et les tirets du dialogue ; si une réplique est coupée, fermez puis",
    "  rouvrez les guillemets.",
    "- Un mot est une suite de caractères entre deux espaces : « l'homme » compte pour un mot.",
    settings.preserveFormatting
      ? "- Gardez la ponctuation et les majuscules d'origine, sauf au début et à la fin des nouvelles phrases."
      : "- Vous pouvez normaliser la ponctuation et les majuscules.",
  ];
}
