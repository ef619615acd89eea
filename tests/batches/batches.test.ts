import { SELF } from "cloudflare:test";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { MAX_BATCH_FILES } from "../../src/batches/create-batch";
import { callApp } from "../helpers/app";
import { authHeaders, signIn } from "../helpers/auth";
import { makeFrenchPdf } from "../helpers/pdf-fixtures";
import { eventsOf, registerEndpoint, serveDns, serveReceiver, specVerify } from "../helpers/webhooks";

const API = "https://api.test/api/v1";

interface Accepted {
  batch_id: string;
  jobs: { job_id: string; filename: string; status: string }[];
  rejected: { filename: string; problem: { error_code: string; status: number; detail: string } }[];
  links: { self: string };
}

interface BatchBody {
  batch_id: string;
  status: string;
  counts: Record<string, number>;
  progress: number;
  jobs: { job_id: string; status: string }[];
  completed_at: string | null;
}

/** A small French novel PDF; `tag` makes its text (and so its cache key) unique. */
const novel = (tag: string) =>
  makeFrenchPdf({
    pages: [
      [`Le voyageur ${tag} arriva le soir. Il frappa à la porte de l'auberge, puis il attendit longtemps.`],
    ],
  });

function batchForm(
  files: { bytes: Uint8Array | string; name: string }[],
  fields: Record<string, string> = {},
) {
  const form = new FormData();
  for (const file of files)
    form.append("pdf_files", new File([file.bytes], file.name, { type: "application/pdf" }));
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return form;
}

function postBatch(token: string, form: FormData, headers: Record<string, string> = {}) {
  return SELF.fetch(`${API}/batches`, {
    method: "POST",
    headers: { ...authHeaders(token), ...headers },
    body: form,
  });
}

const getBatch = async (token: string, id: string) =>
  (await SELF.fetch(`${API}/batches/${id}`, { headers: authHeaders(token) })).json<BatchBody>();

const waitForBatch = async (token: string, id: string) => {
  await expect
    .poll(async () => (await getBatch(token, id)).status, { timeout: 50_000, interval: 200 })
    .toBe("completed");
  return getBatch(token, id);
};

describe("batches", () => {
  it("processes the PDFs of a batch, lists a bad file with its problem, and sends job.completed twice and batch.completed once, signed", async () => {
    serveDns();
    const received = serveReceiver();
    const user = await signIn();
    const endpoint = await registerEndpoint(user.accessToken, {
      events: ["job.completed", "job.failed", "batch.completed"],
    });
    const tag = crypto.randomUUID().slice(0, 8);
    const form = batchForm(
      [
        { bytes: await novel(`${tag}a`), name: "premier.pdf" },
        { bytes: "pas un PDF", name: "notes.pdf" },
        { bytes: await novel(`${tag}b`), name: "second.pdf" },
      ],
      { sentence_length_limit: "6" },
    );

    const response = await postBatch(user.accessToken, form);
    expect(response.status).toBe(202);
    const accepted = await response.json<Accepted>();
    expect(response.headers.get("location")).toBe(accepted.links.self);
    expect(accepted.jobs.map((job) => job.filename)).toEqual(["premier.pdf", "second.pdf"]);
    expect(accepted.rejected).toEqual([
      {
        filename: "notes.pdf",
        problem: { error_code: "NOT_A_PDF", status: 422, detail: expect.any(String) },
      },
    ]);

    const batch = await waitForBatch(user.accessToken, accepted.batch_id);
    expect(batch).toMatchObject({
      progress: 100,
      counts: { total: 2, completed: 2, failed: 0, processing: 0 },
    });
    expect(batch.completed_at).not.toBeNull();

    await expect.poll(() => received.length, { timeout: 30_000 }).toBe(3);
    const completed = eventsOf(received, "job.completed");
    expect(completed.map((event) => event.data.job_id).sort()).toEqual(
      accepted.jobs.map((job) => job.job_id).sort(),
    );
    expect(completed.every((event) => event.data.batch_id === accepted.batch_id)).toBe(true);
    expect(eventsOf(received, "batch.completed")).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({
          batch_id: accepted.batch_id,
          counts: { total: 2, completed: 2, failed: 0, cancelled: 0 },
        }),
      }),
    ]);
    for (const request of received) {
      expect(await specVerify(endpoint.secret, request.headers, request.body)).toBe(true);
      expect(() => new Webhook(endpoint.secret).verify(request.body, request.headers)).not.toThrow();
    }
  });

  it("completes a batch whose jobs were all served from the cache at once", async () => {
    const user = await signIn();
    const pdf = await novel(crypto.randomUUID());
    const first = await (
      await postBatch(user.accessToken, batchForm([{ bytes: pdf, name: "a.pdf" }]))
    ).json<Accepted>();
    await waitForBatch(user.accessToken, first.batch_id);
    const again = await postBatch(user.accessToken, batchForm([{ bytes: pdf, name: "a.pdf" }]));
    const accepted = await again.json<Accepted>();
    expect(accepted.jobs[0]!.status).toBe("completed");
    expect(await getBatch(user.accessToken, accepted.batch_id)).toMatchObject({
      status: "completed",
      counts: { completed: 1 },
    });
  });

  it("answers 422 naming each file when none can be processed, and when there are too many", async () => {
    const user = await signIn();
    const none = await postBatch(
      user.accessToken,
      batchForm([
        { bytes: "", name: "vide.pdf" },
        { bytes: "texte", name: "texte.pdf" },
      ]),
    );
    expect(none.status).toBe(422);
    const problem = await none.json<{ errors: { path: string; code: string }[] }>();
    expect(problem.errors).toEqual([
      expect.objectContaining({ path: "pdf_files.0", code: "PDF_EMPTY" }),
      expect.objectContaining({ path: "pdf_files.1", code: "NOT_A_PDF" }),
    ]);
    const files = Array.from({ length: MAX_BATCH_FILES + 1 }, (_, i) => ({ bytes: "x", name: `${i}.pdf` }));
    expect((await postBatch(user.accessToken, batchForm(files))).status).toBe(422);
    expect((await postBatch(user.accessToken, batchForm([]))).status).toBe(422);
    expect(
      (
        await (
          await SELF.fetch(`${API}/batches`, { headers: authHeaders(user.accessToken) })
        ).json<{ items: unknown[] }>()
      ).items,
    ).toEqual([]);
  });

  it("counts each file against the hourly upload budget", async () => {
    const user = await signIn();
    const tag = crypto.randomUUID();
    const form = batchForm(
      await Promise.all(
        ["a", "b", "c"].map(async (n) => ({ bytes: await novel(tag + n), name: `${n}.pdf` })),
      ),
    );
    const response = await callApp(
      "/api/v1/batches",
      { method: "POST", headers: authHeaders(user.accessToken), body: form },
      { PLANS: JSON.stringify({ user: { uploads_per_hour: 2 } }) },
    );
    expect(response.status).toBe(202);
    const accepted = await response.json<Accepted>();
    expect(accepted.jobs).toHaveLength(2);
    expect(accepted.rejected).toEqual([
      { filename: "c.pdf", problem: expect.objectContaining({ error_code: "RATE_LIMITED", status: 429 }) },
    ]);
    await waitForBatch(user.accessToken, accepted.batch_id);
  });

  it("returns the same batch for a repeated Idempotency-Key, and a 422 for the key with other files", async () => {
    const user = await signIn();
    const pdf = await novel(crypto.randomUUID());
    const key = { "idempotency-key": `batch-${crypto.randomUUID()}` };
    const first = await (
      await postBatch(user.accessToken, batchForm([{ bytes: pdf, name: "a.pdf" }]), key)
    ).json<Accepted>();
    const repeat = await postBatch(user.accessToken, batchForm([{ bytes: pdf, name: "a.pdf" }]), key);
    expect(repeat.status).toBe(202);
    expect(repeat.headers.get("idempotent-replayed")).toBe("true");
    const replayed = await repeat.json<Accepted>();
    expect(replayed.batch_id).toBe(first.batch_id);
    expect(replayed.jobs.map((job) => job.job_id)).toEqual(first.jobs.map((job) => job.job_id));
    const other = await postBatch(user.accessToken, batchForm([{ bytes: pdf, name: "b.pdf" }]), key);
    expect(other.status).toBe(422);
    await waitForBatch(user.accessToken, first.batch_id);
  });

  it("lists my batches page by page, and answers 404 for another user's batch", async () => {
    const [owner, other] = [await signIn(), await signIn()];
    const ids: string[] = [];
    for (const n of [1, 2]) {
      const form = batchForm([{ bytes: await novel(crypto.randomUUID()), name: `${n}.pdf` }]);
      ids.push((await (await postBatch(owner.accessToken, form)).json<Accepted>()).batch_id);
    }
    type Page = { items: { batch_id: string; counts: { total: number } }[]; next_cursor: string | null };
    const list = (token: string, query = "") =>
      SELF.fetch(`${API}/batches${query}`, { headers: authHeaders(token) }).then((r) => r.json<Page>());
    const first = await list(owner.accessToken, "?limit=1");
    const second = await list(owner.accessToken, `?limit=1&cursor=${first.next_cursor}`);
    expect([...first.items, ...second.items].map((item) => item.batch_id)).toEqual([...ids].reverse());
    expect(second.next_cursor).toBeNull();
    expect(first.items[0]!.counts.total).toBe(1);

    expect(await list(other.accessToken)).toEqual({ items: [], next_cursor: null });
    for (const [path, method] of [
      [`/batches/${ids[0]}`, "GET"],
      [`/batches/${ids[0]}/cancel`, "POST"],
    ]) {
      const response = await SELF.fetch(`${API}${path}`, { method, headers: authHeaders(other.accessToken) });
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    for (const id of ids) await waitForBatch(owner.accessToken, id);
  });
});
