import { createExecutionContext, createMessageBatch, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { buildApp } from "../../src/app";
import { words } from "../../src/engines/words";
import type { JobMessage } from "../../src/jobs/queue/messages";
import worker from "../../src/worker";
import { authHeaders, signIn } from "../helpers/auth";
import { API_KEY, BASE_URL, fakeGemini, goodAnswer, reply, sentItems } from "../helpers/gemini";
import { network } from "../helpers/network";
import { makeFrenchPdf, makeImageOnlyPdf } from "../helpers/pdf-fixtures";

const SHORT = "Le soir tombait.";
const LONG =
  "Le vieux capitaine, qui avait navigué sur toutes les mers du monde pendant quarante ans, regardait maintenant le port depuis sa fenêtre en fumant sa pipe.";

interface Sentence {
  text: string;
  page: number;
  source_index: number;
  fallback: boolean;
}

/**
 * The API and its queue consumer configured for Gemini. The job queue is a list the test drains by hand:
 * the runtime's own consumer runs with the test bindings, where no Gemini key is set.
 */
async function geminiWorker() {
  const user = await signIn();
  const sent: JobMessage[] = [];
  const bindings = {
    ...env,
    GEMINI_API_KEY: API_KEY,
    GEMINI_BASE_URL: BASE_URL,
    GEMINI_MODEL_BALANCED: "gemini-test",
    JOB_QUEUE: {
      send: async (body: JobMessage) => void sent.push(body),
      sendBatch: async (batch: { body: JobMessage }[]) => void sent.push(...batch.map((m) => m.body)),
    },
  } as unknown as Env;

  const get = async <T>(path: string): Promise<T> => {
    const ctx = createExecutionContext();
    const request = new Request(`https://api.test/api/v1${path}`, { headers: authHeaders(user.accessToken) });
    const response = await buildApp().fetch(request, bindings, ctx);
    await waitOnExecutionContext(ctx);
    return response.json<T>();
  };

  /** Uploads a PDF and delivers every message the job produces until the queue is empty. */
  const process = async (pdf: Uint8Array, fields: Record<string, string> = {}) => {
    const form = new FormData();
    form.set("pdf_file", new File([pdf], "livre.pdf", { type: "application/pdf" }));
    for (const [name, value] of Object.entries(fields)) form.set(name, value);
    const ctx = createExecutionContext();
    const request = new Request("https://api.test/api/v1/process-pdf", {
      method: "POST",
      headers: authHeaders(user.accessToken),
      body: form,
    });
    const response = await buildApp().fetch(request, bindings, ctx);
    await waitOnExecutionContext(ctx);
    expect(response.status).toBe(202);
    const { job_id } = await response.json<{ job_id: string }>();
    const messagesSent = sent.length;
    for (let round = 0; sent.length > 0 && round < 10; round++) {
      const batch = createMessageBatch(
        "fnt-dev-jobs",
        sent.splice(0).map((body, i) => ({ id: `m${round}-${i}`, timestamp: new Date(), attempts: 1, body })),
      );
      await worker.queue(batch, bindings, createExecutionContext());
    }
    return { jobId: job_id, queued: messagesSent > 0 };
  };

  return { process, get };
}

describe("a PDF through the queue with the Gemini engine", () => {
  it("sends only over-limit sentences, accounts for every source sentence, and is served from cache the second time", async () => {
    const gemini = fakeGemini((body) => reply(goodAnswer(body, 8), { usage: [100, 40] }));
    network.use(gemini.handler);
    const api = await geminiWorker();
    const pdf = await makeFrenchPdf({ pages: [[`${SHORT} ${LONG}`, `${LONG} ${SHORT}`]] });

    const { jobId } = await api.process(pdf);
    const job = await api.get<{
      status: string;
      engine: string;
      model: string;
      usage: Record<string, number>;
    }>(`/jobs/${jobId}`);
    expect(job).toMatchObject({ status: "completed", engine: "gemini", model: "gemini-test" });
    expect(gemini.bodies.flatMap(sentItems).map((item) => item.text)).toEqual([LONG, LONG]);
    const calls = gemini.bodies.length;
    expect(job.usage).toEqual({ calls, input_tokens: 100 * calls, output_tokens: 40 * calls });

    const { sentences } = await api.get<{ sentences: Sentence[] }>(`/jobs/${jobId}/sentences?limit=100`);
    expect([...new Set(sentences.map((s) => s.source_index))]).toEqual([0, 1, 2, 3]);
    expect(words(sentences.map((s) => s.text).join(" "))).toEqual(words(`${SHORT} ${LONG} ${LONG} ${SHORT}`));
    expect(sentences.every((s) => words(s.text).length <= 8 && !s.fallback)).toBe(true);

    const again = await api.process(pdf);
    expect(again.queued).toBe(false);
    expect(await api.get(`/jobs/${again.jobId}`)).toMatchObject({ status: "completed", cached: true });
    expect(gemini.bodies.length).toBe(calls);
  });

  it("fails the job with GEMINI_AUTH when Google refuses the key, saying it is a configuration problem", async () => {
    const refusal = { error: { code: 403, status: "PERMISSION_DENIED", message: "denied" } };
    network.use(fakeGemini(() => new Response(JSON.stringify(refusal), { status: 403 })).handler);
    const api = await geminiWorker();
    const { jobId } = await api.process(await makeFrenchPdf({ pages: [[LONG]] }), { cache: "false" });
    const job = await api.get<{ status: string; error: { error_code: string; message: string } }>(
      `/jobs/${jobId}`,
    );
    expect(job.status).toBe("failed");
    expect(job.error.error_code).toBe("GEMINI_AUTH");
    expect(job.error.message).not.toContain(API_KEY);
  });

  it("reads a scanned PDF through Gemini's transcription, page by page", async () => {
    const gemini = fakeGemini((body) =>
      body.contents[0]?.parts[0]?.inlineData
        ? reply([["Le roi dormait."], ["La reine chantait doucement."]])
        : reply([]),
    );
    network.use(gemini.handler);
    const api = await geminiWorker();
    const { jobId } = await api.process(await makeImageOnlyPdf());
    const { sentences } = await api.get<{ sentences: Sentence[] }>(`/jobs/${jobId}/sentences?include=source`);
    // A scanned page has no text layer: the originals are Gemini's transcription, kept with the results.
    expect(sentences).toEqual([
      expect.objectContaining({ text: "Le roi dormait.", page: 1, source_text: "Le roi dormait." }),
      expect.objectContaining({
        text: "La reine chantait doucement.",
        page: 1,
        source_text: "La reine chantait doucement.",
      }),
    ]);
    expect(gemini.bodies[0]?.contents[0]?.parts[0]?.inlineData?.mimeType).toBe("application/pdf");
  });

  it("fails the job, naming the page, when Gemini will not read a scanned page", async () => {
    network.use(fakeGemini(() => reply([], { blockReason: "SAFETY" })).handler);
    const api = await geminiWorker();
    const { jobId } = await api.process(await makeImageOnlyPdf(), { cache: "false" });
    const job = await api.get<{ status: string; error: { error_code: string; message: string } }>(
      `/jobs/${jobId}`,
    );
    expect(job.status).toBe("failed");
    expect(job.error).toMatchObject({
      error_code: "CHUNK_FAILED",
      message: expect.stringContaining("page 1"),
    });
  });
});
