import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { makeStructuredBookPdf } from "../../bench/lib/structured-pdf.mjs";
import { signIn } from "../helpers/auth";
import { API, allSentences, uploadPdf, waitForJob } from "../helpers/jobs";
import { mergePdfs } from "../helpers/pdf-edge-fixtures";
import { makeFrenchPdf, makeImageOnlyPdf } from "../helpers/pdf-fixtures";

describe("a job's text clean-up, structure and warnings", () => {
  it("drops the contents and headings of a book, counts them, and accounts for every extracted word", async () => {
    const user = await signIn();
    const { bytes: pdf } = await makeStructuredBookPdf({ chapters: 2, pagesPerChapter: 2 });
    const upload = await uploadPdf(user.accessToken, pdf, { sentence_length_limit: "12" });
    const job = await waitForJob(user.accessToken, (await upload.json<{ job_id: string }>()).job_id);
    expect(job.status).toBe("completed");
    const stats = job.stats as Record<string, number> & { words_removed: number; words_in: number };
    expect(stats.toc_lines).toBeGreaterThanOrEqual(2);
    expect(stats.headings).toBeGreaterThanOrEqual(2);
    expect(stats.words_extracted).toBe(stats.words_removed + stats.words_in);
    expect(stats.words_out).toBe(stats.words_in);
    const sentences = await allSentences(user.accessToken, job.job_id, 200);
    for (const { text } of sentences) {
      expect(text).not.toMatch(/\.{5,}/);
      expect(text).not.toMatch(/^(PREMIÈRE PARTIE|TABLE DES MATIÈRES|[IVX]+)$/);
    }
  });

  it("completes a mixed PDF with the offline engine and names the scanned pages it left out", async () => {
    const user = await signIn();
    const text = await makeFrenchPdf({
      pages: [["Le matin se leva sur la ville endormie. Marie ouvrit la fenêtre."]],
    });
    const mixed = await mergePdfs([text, await makeImageOnlyPdf(), text]);
    const upload = await uploadPdf(user.accessToken, mixed, { engine: "offline" });
    const job = await waitForJob(user.accessToken, (await upload.json<{ job_id: string }>()).job_id);
    expect(job.status).toBe("completed");
    expect(job.warnings).toEqual([expect.objectContaining({ code: "SCANNED_PAGES_SKIPPED", pages: [2] })]);
  });

  it("keeps a sentence whole after an abbreviation the user added to the settings", async () => {
    const user = await signIn();
    const pdf = await makeFrenchPdf({
      pages: [["Il lut le livre de Mgrx. Paul Martin ce soir-là, avant de partir."]],
    });
    const sourcesOf = async (fields: Record<string, string>) => {
      const upload = await uploadPdf(user.accessToken, pdf, { sentence_length_limit: "20", ...fields });
      const job = await waitForJob(user.accessToken, (await upload.json<{ job_id: string }>()).job_id);
      return new Set((await allSentences(user.accessToken, job.job_id)).map((s) => s.source_index)).size;
    };
    expect(await sourcesOf({})).toBe(2);
    const saved = await SELF.fetch(`${API}/settings`, {
      method: "PUT",
      headers: { authorization: `Bearer ${user.accessToken}`, "content-type": "application/json" },
      body: JSON.stringify({ extra_abbreviations: ["Mgrx."] }),
    });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ extra_abbreviations: ["Mgrx."] });
    expect(await sourcesOf({})).toBe(1);
    expect(await sourcesOf({ extra_abbreviations: "" })).toBe(2);
  });

  it("refuses an abbreviation that is not one", async () => {
    const user = await signIn();
    const response = await SELF.fetch(`${API}/settings`, {
      method: "PUT",
      headers: { authorization: `Bearer ${user.accessToken}`, "content-type": "application/json" },
      body: JSON.stringify({ extra_abbreviations: ["<script>"] }),
    });
    expect(response.status).toBe(422);
  });
});
