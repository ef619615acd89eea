#!/usr/bin/env node
/**
 * A fake Gemini API for local development, the demo and the benchmark: a real HTTP server speaking
 * `POST /v1beta/models/{model}:generateContent` as @google/genai calls it with a custom baseUrl. It answers
 * rewrite requests with deterministic splits (at commas, else at the word midpoint) that fit the limit stated
 * in the prompt, and scanned-page requests with a fixed transcription. Faults can be injected at a rate or per
 * request (header `x-fake-fault`).
 *
 *   node scripts/fake-gemini.mjs --port 8790 [--latency-ms 200] [--per-token-ms 2]
 *                                [--fault-rate 0.1 --fault 503] [--seed 1] [--hang-ms 120000]
 *   npm start -- --var GEMINI_API_KEY:fake --var GEMINI_BASE_URL:http://127.0.0.1:8790
 *
 * Faults: 429 | 503 | timeout | bad-json | missing-id | safety | max-tokens. Every flag also reads an
 * environment variable: FAKE_GEMINI_PORT, FAKE_GEMINI_LATENCY_MS, FAKE_GEMINI_FAULT_RATE, ...
 */
import { createServer } from "node:http";
import { parseArgs } from "node:util";

const FLAGS = ["port", "latency-ms", "per-token-ms", "fault-rate", "fault", "seed", "hang-ms"];
const { values } = parseArgs({
  options: Object.fromEntries(FLAGS.map((flag) => [flag, { type: "string" }])),
});
const option = (flag, fallback) =>
  values[flag] ?? process.env[`FAKE_GEMINI_${flag.toUpperCase().replaceAll("-", "_")}`] ?? fallback;

const port = Number(option("port", "8790"));
const latencyMs = Number(option("latency-ms", "0"));
const perTokenMs = Number(option("per-token-ms", "0"));
const faultRate = Number(option("fault-rate", "0"));
const defaultFault = option("fault", "503");
const hangMs = Number(option("hang-ms", "120000"));
const FAULTS = new Set(["429", "503", "timeout", "bad-json", "missing-id", "safety", "max-tokens"]);
if (!FAULTS.has(defaultFault)) throw new Error(`--fault must be one of ${[...FAULTS].join(", ")}`);

/** mulberry32: a seeded generator, so a fault rate picks the same calls on every run. */
let seed = Number(option("seed", "1")) >>> 0;
function random() {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const tokens = (text) => Math.ceil(text.length / 4);
const wordCount = (text) => text.split(/\s+/u).filter((token) => /[\p{L}\p{N}]/u.test(token)).length;

/** Cuts `text` until every piece has at most `limit` words, preferring a comma-like break near the middle. */
function split(text, limit, min) {
  const tokensOf = text.trim().split(/\s+/u);
  if (wordCount(text) <= limit || tokensOf.length < 2) return [finish(text)];
  const middle = tokensOf.length / 2;
  let best = Math.floor(middle);
  let bestScore = Number.POSITIVE_INFINITY;
  for (let at = 1; at < tokensOf.length; at++) {
    const left = tokensOf.slice(0, at).join(" ");
    const right = tokensOf.slice(at).join(" ");
    const fits = wordCount(left) >= min && wordCount(right) >= min;
    const score = Math.abs(at - middle) - (/[,;:]$/u.test(tokensOf[at - 1]) ? 3 : 0) + (fits ? 0 : 100);
    if (score < bestScore) [best, bestScore] = [at, score];
  }
  return [
    ...split(tokensOf.slice(0, best).join(" "), limit, min),
    ...split(tokensOf.slice(best).join(" "), limit, min),
  ];
}

function finish(piece) {
  const trimmed = piece.trim().replace(/[,;:]$/u, "");
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?…»”]$/u.test(capital) ? capital : `${capital}.`;
}

const TRANSCRIPTION =
  "La pluie tombait sur la ville depuis le matin, et les passants pressaient le pas sous leurs parapluies. " +
  "Au coin de la rue, un vieil homme vendait des journaux.";

/** The answer Gemini would give, as the JSON value of its text part. */
function answer(body) {
  const system = (body.systemInstruction?.parts ?? []).map((part) => part.text ?? "").join("\n");
  const limit = Number(/au plus (\d+) mots/u.exec(system)?.[1] ?? 10);
  const min = Number(/au moins (\d+) mots/u.exec(system)?.[1] ?? 1);
  const parts = body.contents?.[0]?.parts ?? [];
  if (parts.some((part) => part.inlineData?.mimeType === "application/pdf")) {
    return TRANSCRIPTION.split(/(?<=\.)\s+/u).map((sentence) => split(sentence, limit, min));
  }
  const items = JSON.parse(parts[0]?.text ?? "[]");
  return items.map((item) => ({ id: item.id, sentences: split(item.text, limit, min) }));
}

function respond(res, status, payload) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(payload));
}

function googleError(res, code, status, details = []) {
  respond(res, code, { error: { code, status, message: `fake-gemini: injected ${status}`, details } });
}

async function generate(req, res, model, body) {
  const requested = req.headers["x-fake-fault"];
  const fault = FAULTS.has(requested) ? requested : random() < faultRate ? defaultFault : null;
  const promptTokens = tokens(JSON.stringify(body));
  const started = Date.now();
  let value = answer(body);
  if (fault === "missing-id" && Array.isArray(value) && value.length > 0) value = value.slice(0, -1);
  let text = JSON.stringify(value);
  let finishReason = "STOP";
  if (fault === "bad-json") text = `Voici la réponse : {id: ${text.slice(1, 40)}`;
  if (fault === "max-tokens")
    [text, finishReason] = [text.slice(0, Math.floor(text.length / 2)), "MAX_TOKENS"];
  const outputTokens = tokens(text);
  await sleep(fault === "timeout" ? hangMs : latencyMs + perTokenMs * outputTokens);
  const log = `${new Date().toISOString()} ${model} items=${Array.isArray(value) ? value.length : 0}`;
  console.log(
    `${log} in=${promptTokens} out=${outputTokens} fault=${fault ?? "-"} ${Date.now() - started}ms`,
  );
  if (res.destroyed) return;
  if (fault === "429") {
    const retry = { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "2s" };
    return googleError(res, 429, "RESOURCE_EXHAUSTED", [retry]);
  }
  if (fault === "503") return googleError(res, 503, "UNAVAILABLE");
  const usageMetadata = { promptTokenCount: promptTokens, candidatesTokenCount: outputTokens };
  if (fault === "safety") {
    const blocked = { promptTokenCount: promptTokens, candidatesTokenCount: 0 };
    return respond(res, 200, { promptFeedback: { blockReason: "SAFETY" }, usageMetadata: blocked });
  }
  const candidate = { content: { role: "model", parts: [{ text }] }, finishReason, index: 0 };
  respond(res, 200, { candidates: [candidate], usageMetadata, modelVersion: model });
}

const server = createServer((req, res) => {
  const route = /^\/v1(?:beta)?\/models\/([^/:]+):generateContent$/u.exec(
    new URL(req.url, "http://x").pathname,
  );
  if (req.method !== "POST" || !route) return googleError(res, 404, "NOT_FOUND");
  if (!req.headers["x-goog-api-key"]) return googleError(res, 403, "PERMISSION_DENIED");
  let raw = "";
  req.setEncoding("utf8");
  req.on("data", (chunk) => {
    raw += chunk;
  });
  req.on("end", () => {
    let body;
    try {
      body = JSON.parse(raw);
    } catch {
      return googleError(res, 400, "INVALID_ARGUMENT");
    }
    generate(req, res, route[1], body).catch((error) => {
      console.error(`fake-gemini: ${error.message}`);
      if (!res.headersSent) googleError(res, 400, "INVALID_ARGUMENT");
    });
  });
});

server.listen(port, "127.0.0.1", () => {
  const faults = faultRate > 0 ? `, ${defaultFault} on ${faultRate * 100}% of calls` : "";
  console.log(`fake-gemini listening on http://127.0.0.1:${port} (latency ${latencyMs} ms${faults})`);
});
