import { describe, expect, it } from "vitest";
import { words } from "../../../src/engines/words";
import {
  cut,
  fakeFallback,
  fakeGemini,
  goodAnswer,
  LONG_A,
  LONG_B,
  MODEL,
  reply,
  SETTINGS,
  SHORT,
  sentItems,
  sources,
  systemText,
  testEngine,
} from "../../helpers/gemini";
import { network } from "../../helpers/network";

describe("gemini engine: rewriting", () => {
  it("sends only over-limit sentences, keeps the others without a call, and keeps source indices", async () => {
    const fake = fakeGemini((body) => reply(goodAnswer(body), { usage: [120, 40] }));
    network.use(fake.handler);
    const engine = testEngine();
    const result = await engine.rewrite(sources(SHORT, LONG_A, LONG_B), SETTINGS);

    expect(engine).toMatchObject({ name: "gemini", model: MODEL });
    expect(fake.urls).toEqual([`https://gemini.test/v1beta/models/${MODEL}:generateContent`]);
    const [body] = fake.bodies;
    expect(sentItems(body!)).toEqual([
      { id: 1, text: LONG_A },
      { id: 2, text: LONG_B },
    ]);
    expect(body!.generationConfig).toMatchObject({ responseMimeType: "application/json" });
    expect(body!.generationConfig.temperature).toBeLessThanOrEqual(0.3);
    expect(body!.generationConfig.responseJsonSchema).toMatchObject({ type: "array" });
    expect(systemText(body!)).toContain("au plus 8 mots");

    expect(result.sentences[0]).toEqual({ text: SHORT, page: 1, sourceIndex: 0, fallback: false });
    expect(result.sentences.slice(1).map((s) => [s.sourceIndex, s.text])).toEqual([
      ...cut(LONG_A, 8).map((text) => [1, text]),
      ...cut(LONG_B, 8).map((text) => [2, text]),
    ]);
    expect(result.sentences.every((s) => !s.fallback)).toBe(true);
    expect(result.usage).toEqual({ input_tokens: 120, output_tokens: 40, calls: 1 });
    expect(result.stats).toMatchObject({ sentences: 6, over_limit: 0, words_in: 35, words_out: 35 });
  });

  it("makes no call when every sentence is within the limit", async () => {
    const result = await testEngine().rewrite(sources(SHORT, "Il pleuvait."), SETTINGS);
    expect(result.sentences.map((s) => s.text)).toEqual([SHORT, "Il pleuvait."]);
    expect(result.usage.calls).toBe(0);
  });

  it("batches by characters, runs the batches concurrently and sums their usage", async () => {
    const fake = fakeGemini((body) => reply(goodAnswer(body), { usage: [100, 30] }));
    network.use(fake.handler);
    const result = await testEngine({ maxBatchChars: 80 }).rewrite(sources(LONG_A, LONG_B), SETTINGS);
    expect(fake.bodies.map((body) => sentItems(body).map((item) => item.id)).sort()).toEqual([[0], [1]]);
    expect(result.usage).toEqual({ input_tokens: 200, output_tokens: 60, calls: 2 });
  });

  it("retries a missing id once with the stricter prompt, then falls back offline without losing it", async () => {
    const fake = fakeGemini((body) => reply(goodAnswer(body).filter((item) => item.id !== 1)));
    network.use(fake.handler);
    const fallback = fakeFallback();
    const result = await testEngine({ fallback: fallback.engine }).rewrite(sources(LONG_A, LONG_B), SETTINGS);

    expect(fake.bodies).toHaveLength(2);
    expect(sentItems(fake.bodies[1]!)).toEqual([{ id: 1, text: LONG_B }]);
    expect(systemText(fake.bodies[1]!)).toContain("id 1 : id absent de la réponse");
    expect(fallback.asked).toEqual([[{ index: 1, text: LONG_B, page: 1 }]]);
    expect(result.sentences.filter((s) => s.sourceIndex === 1).every((s) => s.fallback)).toBe(true);
    expect(result.sentences.filter((s) => s.sourceIndex === 0).every((s) => !s.fallback)).toBe(true);
    expect(result.sentences.flatMap((s) => words(s.text))).toEqual(words(`${LONG_A} ${LONG_B}`));
    expect(result.usage.calls).toBe(2);
  });

  it("keeps the first pass when Gemini fails during the stricter retry, splitting the rest offline", async () => {
    const fake = fakeGemini((body, call) =>
      call === 1
        ? reply(
            goodAnswer(body).filter((item) => item.id !== 1),
            { usage: [50, 20] },
          )
        : new Response(JSON.stringify({ error: { code: 503, status: "UNAVAILABLE", message: "busy" } }), {
            status: 503,
          }),
    );
    network.use(fake.handler);
    const fallback = fakeFallback();
    const result = await testEngine({ fallback: fallback.engine }).rewrite(sources(LONG_A, LONG_B), SETTINGS);
    expect(result.sentences.filter((s) => s.sourceIndex === 0).every((s) => !s.fallback)).toBe(true);
    expect(result.sentences.filter((s) => s.sourceIndex === 1).every((s) => s.fallback)).toBe(true);
    expect(result.sentences.flatMap((s) => words(s.text))).toEqual(words(`${LONG_A} ${LONG_B}`));
    expect(result.usage.input_tokens).toBe(50);
  });

  it("refuses a piece over the limit and accepts the stricter retry", async () => {
    const fake = fakeGemini((body, call) =>
      reply(call === 1 ? [{ id: 0, sentences: [LONG_A] }] : goodAnswer(body)),
    );
    network.use(fake.handler);
    const result = await testEngine().rewrite(sources(LONG_A), SETTINGS);
    expect(systemText(fake.bodies[1]!)).toMatch(/compte 13 mots \(maximum 8\)/);
    expect(result.sentences.map((s) => s.text)).toEqual(cut(LONG_A, 8));
    expect(result.sentences.every((s) => !s.fallback)).toBe(true);
  });

  it("refuses a translation (content words lost) and falls back", async () => {
    const english = [
      { id: 0, sentences: ["The old sailor watched the grey sea", "from the window of his hut."] },
    ];
    network.use(fakeGemini(() => reply(english)).handler);
    const result = await testEngine().rewrite(sources(LONG_A), SETTINGS);
    expect(result.sentences.every((s) => s.fallback && s.sourceIndex === 0)).toBe(true);
    expect(result.sentences.map((s) => s.text)).toEqual(cut(LONG_A, 8));
  });

  it("repairs an answer wrapped in Markdown fences without a retry", async () => {
    const fake = fakeGemini((body) =>
      reply(`Voici :\n\`\`\`json\n${JSON.stringify(goodAnswer(body))}\n\`\`\``),
    );
    network.use(fake.handler);
    const result = await testEngine().rewrite(sources(LONG_A, LONG_B), SETTINGS);
    expect(fake.bodies).toHaveLength(1);
    expect(result.sentences.every((s) => !s.fallback)).toBe(true);
  });

  it("keeps the complete items of truncated JSON and retries only the rest", async () => {
    const fake = fakeGemini((body, call) => {
      const json = JSON.stringify(goodAnswer(body));
      return reply(call === 1 ? json.slice(0, json.indexOf('{"id":1') + 12) : json);
    });
    network.use(fake.handler);
    const result = await testEngine().rewrite(sources(LONG_A, LONG_B), SETTINGS);
    expect(sentItems(fake.bodies[1]!).map((item) => item.id)).toEqual([1]);
    expect(result.sentences.every((s) => !s.fallback)).toBe(true);
  });

  it("hands a safety-blocked batch to the fallback, marked, without a retry", async () => {
    const fake = fakeGemini(() => reply("", { blockReason: "SAFETY" }));
    network.use(fake.handler);
    const result = await testEngine().rewrite(sources(SHORT, LONG_A), SETTINGS);
    expect(fake.bodies).toHaveLength(1);
    expect(result.sentences[0]).toMatchObject({ text: SHORT, fallback: false });
    expect(result.sentences.slice(1).every((s) => s.fallback && s.sourceIndex === 1)).toBe(true);
  });

  it("treats a RECITATION finish (copyrighted text) like a block", async () => {
    const fake = fakeGemini((body) => reply(goodAnswer(body), { finishReason: "RECITATION" }));
    network.use(fake.handler);
    const result = await testEngine().rewrite(sources(LONG_A), SETTINGS);
    expect(fake.bodies).toHaveLength(1);
    expect(result.sentences.every((s) => s.fallback)).toBe(true);
  });

  it("splits a MAX_TOKENS batch and retries the halves", async () => {
    const fake = fakeGemini((body, call) =>
      call === 1 ? reply('[{"id":0,"sent', { finishReason: "MAX_TOKENS" }) : reply(goodAnswer(body)),
    );
    network.use(fake.handler);
    const result = await testEngine().rewrite(sources(LONG_A, LONG_B, LONG_A, LONG_B), SETTINGS);
    const halves = fake.bodies.slice(1).map((body) => sentItems(body).map((item) => item.id));
    expect(halves.sort()).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(result.sentences.every((s) => !s.fallback)).toBe(true);
    expect(result.usage.calls).toBe(3);
  });

  it("with ignoreDialogue, splits quoted speech offline without a call and unmarked", async () => {
    const dialogue = "— Je ne sais pas, dit-il en regardant la mer grise depuis la fenêtre.";
    const fallback = fakeFallback();
    const result = await testEngine({ fallback: fallback.engine }).rewrite(sources(dialogue), {
      ...SETTINGS,
      ignoreDialogue: true,
    });
    expect(fallback.asked).toHaveLength(1);
    expect(result.sentences.every((s) => !s.fallback && s.sourceIndex === 0)).toBe(true);
    expect(result.usage.calls).toBe(0);
  });
});
