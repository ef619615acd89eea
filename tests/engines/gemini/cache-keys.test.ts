import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import {
  type ChunkKeyInput,
  chunkCacheKey,
  type DocumentKeyInput,
  documentCacheKey,
  sha256Hex,
} from "../../../src/engines/cache-keys";
import { PROMPT_VERSION } from "../../../src/engines/gemini";
import {
  fakeGemini,
  goodAnswer,
  LONG_A,
  LONG_B,
  reply,
  SETTINGS,
  SHORT,
  testEngine,
} from "../../helpers/gemini";
import { network } from "../../helpers/network";

const CHUNK: ChunkKeyInput = {
  sentences: [LONG_A, SHORT],
  settings: SETTINGS,
  engine: "gemini",
  model: "gemini-2.5-flash",
  promptVersion: PROMPT_VERSION,
};
const DOC: DocumentKeyInput = { ...CHUNK, pdfSha256: "ab".repeat(32) };

describe("cache keys", () => {
  it("are prefixed, hex SHA-256, and the same for the same inputs", async () => {
    const key = await chunkCacheKey(CHUNK);
    expect(key).toMatch(/^chunk:v1:[0-9a-f]{64}$/);
    expect(await chunkCacheKey({ ...CHUNK, settings: { ...SETTINGS } })).toBe(key);
    expect(await documentCacheKey(DOC)).toMatch(/^doc:v1:[0-9a-f]{64}$/);
  });

  it("do not depend on the settings' key order or on fields that are not settings", async () => {
    const reordered = Object.fromEntries(Object.entries(SETTINGS).reverse()) as typeof SETTINGS;
    const extra = { ...SETTINGS, webhook_url: "https://example.test" };
    expect(await chunkCacheKey({ ...CHUNK, settings: reordered })).toBe(await chunkCacheKey(CHUNK));
    expect(await documentCacheKey({ ...DOC, settings: extra })).toBe(await documentCacheKey(DOC));
  });

  it.each([
    ["prompt version", { promptVersion: "other-prompt" }],
    ["model", { model: "gemini-2.5-pro" }],
    ["engine", { engine: "offline", model: null, promptVersion: null }],
    ["sentence length limit", { settings: { ...SETTINGS, sentenceLengthLimit: 9 } }],
    ["minimum length", { settings: { ...SETTINGS, minSentenceLength: 3 } }],
    ["dialogue handling", { settings: { ...SETTINGS, ignoreDialogue: true } }],
    ["formatting", { settings: { ...SETTINGS, preserveFormatting: false } }],
  ] as const)("change with the %s", async (_name, change) => {
    expect(await chunkCacheKey({ ...CHUNK, ...change })).not.toBe(await chunkCacheKey(CHUNK));
    expect(await documentCacheKey({ ...DOC, ...change })).not.toBe(await documentCacheKey(DOC));
  });

  it("hyphenation fixing changes a document's key but not a chunk's (it acts before chunks exist)", async () => {
    const settings = { ...SETTINGS, fixHyphenation: !SETTINGS.fixHyphenation };
    expect(await chunkCacheKey({ ...CHUNK, settings })).toBe(await chunkCacheKey(CHUNK));
    expect(await documentCacheKey({ ...DOC, settings })).not.toBe(await documentCacheKey(DOC));
  });

  it("a chunk's key changes with its sentences", async () => {
    expect(await chunkCacheKey({ ...CHUNK, sentences: [LONG_A, LONG_B] })).not.toBe(
      await chunkCacheKey(CHUNK),
    );
  });

  it("a document's key changes with its bytes", async () => {
    const other = await sha256Hex(new Uint8Array([1, 2, 3]));
    expect(other).toBe("039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81");
    expect(await documentCacheKey({ ...DOC, pdfSha256: other })).not.toBe(await documentCacheKey(DOC));
  });
});

describe("gemini chunk cache (KV)", () => {
  const cache = { kv: env.RESULT_CACHE, ttlSeconds: 60 };

  it("serves the same texts again without a call, with the new indices and pages", async () => {
    const fake = fakeGemini((body) => reply(goodAnswer(body)));
    network.use(fake.handler);
    const engine = testEngine({ cache });
    const first = await engine.rewrite([{ index: 0, text: LONG_B, page: 1 }], SETTINGS);
    const again = await engine.rewrite([{ index: 40, text: LONG_B, page: 7 }], SETTINGS);
    expect(fake.bodies).toHaveLength(1);
    expect(again.usage).toEqual({ input_tokens: 0, output_tokens: 0, calls: 0 });
    expect(again.sentences.map((s) => s.text)).toEqual(first.sentences.map((s) => s.text));
    expect(again.sentences.every((s) => s.sourceIndex === 40 && s.page === 7 && !s.fallback)).toBe(true);
    expect(again.stats).toEqual(first.stats);
  });

  it("does not store a result that needed the fallback", async () => {
    const fake = fakeGemini(() => reply("", { blockReason: "SAFETY" }));
    network.use(fake.handler);
    const engine = testEngine({ cache });
    const text = `${LONG_A} Encore.`;
    await engine.rewrite([{ index: 0, text, page: 1 }], SETTINGS);
    await engine.rewrite([{ index: 0, text, page: 1 }], SETTINGS);
    expect(fake.bodies).toHaveLength(2);
  });
});
