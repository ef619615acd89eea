import { createExecutionContext, createMessageBatch, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { buildApp } from "../../src/app";
import { words } from "../../src/engines/words";
import type { JobMessage } from "../../src/queues/messages";
import worker from "../../src/worker";
import { API_KEY, BASE_URL, fakeGemini, goodAnswer, reply, sentItems } from "../gemini/helpers";
import { authHeaders, signIn } from "../helpers/auth";
import { network } from "../helpers/network";
import { makeFrenchPdf, makeImageOnlyPdf } from "../helpers/pdf-fixtures";

const SHORT = "Le soir tombait.";
const LONG =
  "Le vieux capitaine, qui avait navigué sur toutes les mers du monde pendant quarante ans, regardait maintenant le port depuis sa fenêtre en fumant sa pipe.";

/**
 * The job queue as a list: the test delivers its messages by hand to a worker configured for Gemini (the
 * runtime's own consumer runs with the test bindings, where no Gemini key is set).
 */
function recordingQueue() {
  const sent: JobMessage[] = [];
  const queue = {
    send: async (body: JobMessage) => void sent.push(body),
    sendBatch: async (batch: { body: JobMessage }[]) => void sent.push(...batch.map((m) => m.body)),
  };
  return { sent, queue };
}

function geminiEnv(queue: object) {
  return {
    ...env,
    GEMINI_API_KEY: API_KEY,
    GEMINI_BASE_URL: BASE_URL,
    GEMINI_MODEL_BALANCED: "gemini-test",
    JOB_QUEUE: queue,
  };
}

async function call(path: string, init: RequestInit, bindings: object) {
  const ctx = createExecutionContext();
  const response = await buildApp().fetch(new Request(`https://api.test/api/v1${path}`, init), bindings, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

async function drain(sent: JobMessage[], bindings: Env) {
  for (let round = 0; sent.length > 0 && round < 10; round++) {
    const messages = sent.splice(0);
    const batch = createMessageBatch(
      "fnt-dev-jobs",
      messages.map((body, i) => ({ id: `m${round}-${i}`, timestamp: new Date(), attempts: 1, body })),
    );
    await worker.queue(batch, bindings, createExecutionContext());
  }
}

describe("a PDF through the queue with the Gemini engine", () => {
  it("sends only over-limit sentences, accounts for every source sentence, and is served from cache the second time", async () => {
    const gemini = fakeGemini((body) => reply(goodAnswer(body, 8), { usage: [100, 40] }));
    network.use(gemini.handler);
    const user = await signIn();
    const { sent, queue } = recordingQueue();
    const bindings = geminiEnv(queue) as unknown as Env;
    const pdf = await makeFrenchPdf({ pages: [[`${SHORT} ${LONG}`, `${LONG} ${SHORT}`]] });

    const upload = async () => {
      const form = new FormData();
      form.set("pdf_file", new File([pdf], "capitaine.pdf", { type: "application/pdf" }));
      const response = await call(
        "/process-pdf",
        { method: "POST", headers: authHeaders(user.accessToken), body: form },
        bindings,
      );
      expect(response.status).toBe(202);
      return (await response.json<{ job_id: string }>()).job_id;
    };
    const jobId = await upload();
    await drain(sent, bindings);

    const job = await (
      await call(`/jobs/${jobId}`, { headers: authHeaders(user.accessToken) }, bindings)
    ).json<{
      status: string;
      engine: string;
      model: string;
      usage: { calls: number; input_tokens: number; output_tokens: number };
    }>();
    expect(job).toMatchObject({ status: "completed", engine: "gemini", model: "gemini-test" });
    expect(gemini.bodies.flatMap(sentItems).map((item) => item.text)).toEqual([LONG, LONG]);
    expect(job.usage).toEqual({
      calls: gemini.bodies.length,
      input_tokens: 100 * gemini.bodies.length,
      output_tokens: 40 * gemini.bodies.length,
    });

    const page = await (
      await call(`/jobs/${jobId}/sentences?limit=100`, { headers: authHeaders(user.accessToken) }, bindings)
    ).json<{
      sentences: { text: string; source_index: number; fallback: boolean }[];
    }>();
    expect([...new Set(page.sentences.map((s) => s.source_index))]).toEqual([0, 1, 2, 3]);
    expect(words(page.sentences.map((s) => s.text).join(" "))).toEqual(
      words(`${SHORT} ${LONG} ${LONG} ${SHORT}`),
    );
    expect(page.sentences.every((s) => words(s.text).length <= 8 && !s.fallback)).toBe(true);

    const callsBefore = gemini.bodies.length;
    const cachedId = await upload();
    expect(sent).toEqual([]);
    const cached = await (
      await call(`/jobs/${cachedId}`, { headers: authHeaders(user.accessToken) }, bindings)
    ).json<{ status: string; cached: boolean }>();
    expect(cached).toMatchObject({ status: "completed", cached: true });
    expect(gemini.bodies.length).toBe(callsBefore);
  });

  it("fails the job with GEMINI_AUTH when Google refuses the key, saying it is a configuration problem", async () => {
    network.use(
      fakeGemini(
        () =>
          new Response(
            JSON.stringify({ error: { code: 403, status: "PERMISSION_DENIED", message: "denied" } }),
            { status: 403 },
          ),
      ).handler,
    );
    const user = await signIn();
    const { sent, queue } = recordingQueue();
    const bindings = geminiEnv(queue) as unknown as Env;
    const form = new FormData();
    form.set("pdf_file", new File([await makeFrenchPdf({ pages: [[LONG]] })], "a.pdf"));
    form.set("cache", "false");
    const response = await call(
      "/process-pdf",
      { method: "POST", headers: authHeaders(user.accessToken), body: form },
      bindings,
    );
    const { job_id } = await response.json<{ job_id: string }>();
    await drain(sent, bindings);
    const job = await (
      await call(`/jobs/${job_id}`, { headers: authHeaders(user.accessToken) }, bindings)
    ).json<{
      status: string;
      error: { error_code: string; message: string };
    }>();
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
    const user = await signIn();
    const { sent, queue } = recordingQueue();
    const bindings = geminiEnv(queue) as unknown as Env;
    const form = new FormData();
    form.set("pdf_file", new File([await makeImageOnlyPdf()], "scan.pdf"));
    const response = await call(
      "/process-pdf",
      { method: "POST", headers: authHeaders(user.accessToken), body: form },
      bindings,
    );
    const { job_id } = await response.json<{ job_id: string }>();
    await drain(sent, bindings);
    const page = await (
      await call(`/jobs/${job_id}/sentences`, { headers: authHeaders(user.accessToken) }, bindings)
    ).json<{
      sentences: { text: string; page: number }[];
    }>();
    expect(page.sentences).toEqual([
      expect.objectContaining({ text: "Le roi dormait.", page: 1 }),
      expect.objectContaining({ text: "La reine chantait doucement.", page: 1 }),
    ]);
    expect(gemini.bodies[0]?.contents[0]?.parts[0]?.inlineData?.mimeType).toBe("application/pdf");
  });
});
