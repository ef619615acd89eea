import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { callApp } from "../../helpers/app";
import { authHeaders, signIn } from "../../helpers/auth";
import { uploadPdf, waitForJob } from "../../helpers/jobs";
import { ledgerOf, makeLongFrenchPdf } from "../../helpers/usage";

interface Estimate {
  pages: number;
  cached: boolean;
  quota_cost: number;
  pages_left: number;
  pages_left_after: number;
  within_quota: boolean;
  engine: string;
  model: string | null;
  estimated_gemini_tokens: number;
}

function estimate(
  token: string,
  pdf: Uint8Array | string,
  fields: Record<string, string> = {},
  overrides = {},
) {
  const form = new FormData();
  form.set("pdf_file", new File([pdf], "roman.pdf", { type: "application/pdf" }));
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return callApp("/api/v1/estimate", { method: "POST", headers: authHeaders(token), body: form }, overrides);
}

describe("POST /estimate", () => {
  it("reports pages, cost and engine, stores nothing, and matches what the upload then reserves; a cached result costs 0", async () => {
    const user = await signIn();
    const pdf = await makeLongFrenchPdf(3, crypto.randomUUID());
    const response = await estimate(user.accessToken, pdf);
    expect(response.status).toBe(200);
    const body = await response.json<Estimate>();
    expect(body).toMatchObject({
      pages: 3,
      cached: false,
      quota_cost: 3,
      pages_left: 500,
      pages_left_after: 497,
      within_quota: true,
      engine: "offline",
      model: null,
      estimated_gemini_tokens: 0,
    });
    expect((await env.PDF_BUCKET.list({ prefix: `pdfs/${user.userId}` })).objects).toEqual([]);
    expect(
      await env.DB.prepare("SELECT COUNT(*) AS n FROM jobs WHERE user_id = ?").bind(user.userId).first("n"),
    ).toBe(0);

    const upload = await uploadPdf(user.accessToken, pdf);
    const { job_id } = await upload.json<{ job_id: string }>();
    expect((await waitForJob(user.accessToken, job_id)).status).toBe("completed");
    expect((await ledgerOf(job_id)).map((row) => row.pages)).toEqual([body.quota_cost]);

    const again = await (await estimate(user.accessToken, pdf)).json<Estimate>();
    expect(again).toMatchObject({ cached: true, quota_cost: 0, pages_left: 497, pages_left_after: 497 });
  });

  it("estimates Gemini tokens when Gemini would run", async () => {
    const user = await signIn();
    const pdf = await makeLongFrenchPdf(2, crypto.randomUUID());
    const gemini = { GEMINI_API_KEY: "test-key", GEMINI_BASE_URL: "https://gemini.test" };
    const body = await (await estimate(user.accessToken, pdf, { engine: "gemini" }, gemini)).json<Estimate>();
    expect(body.engine).toBe("gemini");
    expect(body.model).toEqual(expect.any(String));
    expect(body.estimated_gemini_tokens).toBeGreaterThan(1000);
  });

  it("answers the same 4xx as process-pdf for a bad file, and 422 PDF_UNREADABLE for a damaged one", async () => {
    const user = await signIn();
    const notPdf = await estimate(user.accessToken, "just some text, not a PDF at all");
    const uploaded = await uploadPdf(user.accessToken, "just some text, not a PDF at all");
    expect(notPdf.status).toBe(uploaded.status);
    expect((await notPdf.json<{ error_code: string }>()).error_code).toBe(
      (await uploaded.json<{ error_code: string }>()).error_code,
    );
    const damaged = await estimate(user.accessToken, "%PDF-1.7\n1 0 obj garbage\n%%EOF\n");
    expect(damaged.status).toBe(422);
    expect(await damaged.json()).toMatchObject({ error_code: "PDF_UNREADABLE" });
  });
});
