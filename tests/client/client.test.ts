import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import {
  ApiProblem,
  allSentences,
  createApiClient,
  followJob,
  formData,
  type JobState,
  problemOf,
  type Schemas,
  unwrap,
} from "../../client/src/index.ts";
import { signIn } from "../helpers/auth";
import { makeFrenchPdf } from "../helpers/pdf-fixtures";

const BASE_URL = "https://api.test";

async function client() {
  const user = await signIn();
  return createApiClient({ baseUrl: BASE_URL, token: user.accessToken, fetch: (r) => SELF.fetch(r) });
}

describe("the typed client (client/) against the API", () => {
  it("uploads a PDF, follows the job over its event stream to the end and reads the sentences", async () => {
    const api = await client();
    const pdf = await makeFrenchPdf({
      pages: [["Le soleil se levait sur la ville. Marie ouvrit la fenêtre."]],
    });
    const accepted = await unwrap(
      api.POST("/api/v1/process-pdf", {
        body: {
          pdf_file: new File([pdf], "roman.pdf", { type: "application/pdf" }),
          sentence_length_limit: "5",
        },
        bodySerializer: formData,
      }),
    );
    expect(accepted.status).toBe("pending");

    const seen: string[] = [];
    const final = await followJob(api, accepted.job_id, {
      onStatus: (state: JobState | null, note) => seen.push(state ? `${note}:${state.status}` : note),
      timeoutMs: 50_000,
    });
    expect(final.status).toBe("completed");
    expect(seen[0]).toMatch(/^sse:/);

    const params = { path: { id: accepted.job_id }, query: { limit: 100 } };
    const page = await unwrap(api.GET("/api/v1/jobs/{id}/sentences", { params }));
    expect(page.sentences.map((sentence) => sentence.text).join(" ")).toBe(
      "Le soleil se levait sur la ville. Marie ouvrit la fenêtre.",
    );
    // Paged one sentence at a time, following the cursors, the client returns the same sentences.
    expect(await allSentences(api, accepted.job_id, 1)).toEqual(page.sentences);
  });

  it("polls history with the ETag it holds, as client/README.md shows: the page again only once it changed", async () => {
    const api = await client();
    let held: { page: Schemas["HistoryPage"]; etag: string } | null = null;
    const statuses: number[] = [];
    async function historyPage(): Promise<Schemas["HistoryPage"]> {
      const { data, error, response } = await api.GET("/api/v1/history", {
        params: { query: { limit: 20 }, header: held ? { "if-none-match": held.etag } : {} },
      });
      statuses.push(response.status);
      if (response.status === 304 && held) return held.page;
      if (!data) throw problemOf(response, error);
      const etag = response.headers.get("etag");
      held = etag ? { page: data, etag } : null;
      return data;
    }

    expect((await historyPage()).items).toEqual([]);
    expect((await historyPage()).items).toEqual([]);
    const pdf = await makeFrenchPdf({ pages: [["Le train partit à l'heure. Il pleuvait."]] });
    const accepted = await unwrap(
      api.POST("/api/v1/process-pdf", {
        body: { pdf_file: new File([pdf], "train.pdf", { type: "application/pdf" }) },
        bodySerializer: formData,
      }),
    );
    expect((await historyPage()).items.map((item) => item.job_id)).toEqual([accepted.job_id]);
    expect(statuses).toEqual([200, 304, 200]);
  });

  it("throws the API's problem, with its error_code, for an error answer", async () => {
    const api = await client();
    const missing = unwrap(api.GET("/api/v1/jobs/{id}", { params: { path: { id: crypto.randomUUID() } } }));
    await expect(missing).rejects.toBeInstanceOf(ApiProblem);
    await expect(missing).rejects.toMatchObject({ status: 404, problem: { error_code: "NOT_FOUND" } });

    const anonymous = createApiClient({ baseUrl: BASE_URL, fetch: (r) => SELF.fetch(r) });
    await expect(unwrap(anonymous.GET("/api/v1/settings"))).rejects.toMatchObject({
      status: 401,
      problem: { error_code: "UNAUTHENTICATED" },
    });
  });
});
