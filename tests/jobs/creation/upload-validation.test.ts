import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { callApp } from "../../helpers/app";
import { authHeaders, signIn } from "../../helpers/auth";
import { API, uploadPdf, waitForJob } from "../../helpers/jobs";
import {
  makeEncryptedPdf,
  makeFrenchPdf,
  makeImageOnlyPdf,
  makeManyPagesPdf,
  makeTruncatedPdf,
} from "../../helpers/pdf-fixtures";

async function expectProblem(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const body = await response.json<{ error_code: string; detail: string }>();
  expect(body.error_code).toBe(code);
  return body;
}

async function storedObjects(prefix: string) {
  return (await env.PDF_BUCKET.list({ prefix })).objects.length;
}

describe("POST /api/v1/process-pdf refuses bad uploads before storing anything", () => {
  it("a file that is not a PDF, whatever its name says: 422 NOT_A_PDF", async () => {
    const user = await signIn();
    await expectProblem(await uploadPdf(user.accessToken, "oops"), 422, "NOT_A_PDF");
    const html = "<html><body>%PDF-1.7 not really</body></html>";
    await expectProblem(await uploadPdf(user.accessToken, html), 422, "NOT_A_PDF");
    expect(await storedObjects(`pdfs/${user.userId}/`)).toBe(0);
  });

  it("an empty file: 422 PDF_EMPTY", async () => {
    const user = await signIn();
    await expectProblem(await uploadPdf(user.accessToken, new Uint8Array()), 422, "PDF_EMPTY");
  });

  it("a file over MAX_PDF_BYTES: 413 PDF_TOO_LARGE", async () => {
    const user = await signIn();
    const pdf = await makeFrenchPdf({ pages: [["Une phrase assez courte pour tenir."]] });
    const form = new FormData();
    form.set("pdf_file", new File([pdf], "gros.pdf", { type: "application/pdf" }));
    const response = await callApp(
      "/api/v1/process-pdf",
      { method: "POST", headers: authHeaders(user.accessToken), body: form },
      { MAX_PDF_BYTES: String(pdf.length - 1) },
    );
    await expectProblem(response, 413, "PDF_TOO_LARGE");
  });

  it("no pdf_file field: 422 naming the field", async () => {
    const user = await signIn();
    const form = new FormData();
    form.set("sentence_length_limit", "10");
    const response = await SELF.fetch(`${API}/process-pdf`, {
      method: "POST",
      headers: authHeaders(user.accessToken),
      body: form,
    });
    const body = await expectProblem(response, 422, "VALIDATION_FAILED");
    expect(JSON.stringify(body)).toContain("pdf_file");
  });

  it("invalid setting overrides: 422 with field errors, never coerced", async () => {
    const user = await signIn();
    const pdf = await makeFrenchPdf({ pages: [["Bonjour."]] });
    const cases: [Record<string, string>, string][] = [
      [{ sentence_length_limit: "2" }, "sentence_length_limit"],
      [{ sentence_length_limit: "ten" }, "sentence_length_limit"],
      [{ engine: "turbo" }, "engine"],
      [{ ignore_dialogue: "yes" }, "ignore_dialogue"],
      [{ min_sentence_length: "9", sentence_length_limit: "5" }, "min_sentence_length"],
      [{ engine: "gemini" }, "engine"],
    ];
    for (const [fields, field] of cases) {
      const body = await expectProblem(
        await uploadPdf(user.accessToken, pdf, fields),
        422,
        "VALIDATION_FAILED",
      );
      expect(JSON.stringify(body)).toContain(field);
    }
    expect(await storedObjects(`pdfs/${user.userId}/`)).toBe(0);
  });

  it("a JSON body: 415; no credentials: 401", async () => {
    const user = await signIn();
    const json = await SELF.fetch(`${API}/process-pdf`, {
      method: "POST",
      headers: { ...authHeaders(user.accessToken), "content-type": "application/json" },
      body: "{}",
    });
    await expectProblem(json, 415, "UNSUPPORTED_MEDIA_TYPE");
    const anonymous = await SELF.fetch(`${API}/process-pdf`, { method: "POST", body: new FormData() });
    await expectProblem(anonymous, 401, "UNAUTHENTICATED");
  });

  it("more new jobs than the plan's uploads_per_hour: 429 with Retry-After; refused uploads and replays cost nothing", async () => {
    const user = await signIn();
    const overrides = { PLANS: JSON.stringify({ user: { uploads_per_hour: 2 } }) };
    const send = async (bytes: Uint8Array | null, headers: Record<string, string> = {}) => {
      const form = new FormData();
      if (bytes) form.set("pdf_file", new File([bytes], "roman.pdf", { type: "application/pdf" }));
      return callApp(
        "/api/v1/process-pdf",
        { method: "POST", headers: { ...authHeaders(user.accessToken), ...headers }, body: form },
        overrides,
      );
    };
    const book = (n: number) => makeFrenchPdf({ pages: [[`Le livre numéro ${n} commence ici.`]] });
    expect((await send(null)).status).toBe(422);
    const first = await book(1);
    expect((await send(first, { "idempotency-key": "budget-1" })).status).toBe(202);
    expect((await send(first, { "idempotency-key": "budget-1" })).status).toBe(202);
    expect((await send(await book(2))).status).toBe(202);
    const limited = await send(await book(3));
    await expectProblem(limited, 429, "RATE_LIMITED");
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    // The upload budget is listed beside the plan's request budget, each as one item of the fields.
    expect(limited.headers.get("ratelimit-policy")?.split(", ")).toContain('"uploads";q=2;w=3600');
    expect(limited.headers.get("ratelimit")).toMatch(/(^|, )"uploads";r=0;t=\d+(,|$)/);
  });
});

describe("PDFs that pass the upload check but cannot be read fail their job with a code", () => {
  it.each([
    { name: "encrypted", make: makeEncryptedPdf, code: "PDF_ENCRYPTED" },
    { name: "truncated", make: makeTruncatedPdf, code: "PDF_CORRUPT" },
    { name: "too many pages", make: () => makeManyPagesPdf(1001), code: "PDF_TOO_MANY_PAGES" },
    { name: "scanned, with the offline engine", make: makeImageOnlyPdf, code: "SCANNED_PDF" },
  ])("$name → failed with $code", async ({ make, code }) => {
    const user = await signIn();
    const upload = await uploadPdf(user.accessToken, await make());
    expect(upload.status).toBe(202);
    const { job_id } = await upload.json<{ job_id: string }>();
    const job = await waitForJob(user.accessToken, job_id);
    expect(job.status).toBe("failed");
    expect(job.error).toMatchObject({ error_code: code, failed_step: "extract" });
    expect(job.error?.message.length).toBeGreaterThan(10);
    if (code === "SCANNED_PDF") expect(job.error?.message).toContain("Gemini");
  });
});
