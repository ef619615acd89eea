import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { contentDisposition, quoteField } from "../../../src/jobs/results/export-sentences";
import { authHeaders, type SignedIn, signIn } from "../../helpers/auth";
import { API, allSentences, getJob, uploadPdf, waitForJob } from "../../helpers/jobs";
import { makeFrenchPdf } from "../../helpers/pdf-fixtures";

const TEXT = [
  'Il dit "bonjour, mon ami" et partit vers la gare du Nord.',
  "La pluie tombait ; les passants, pressés, couraient sous les arcades du Palais-Royal.",
  "« Attendez-moi ! » cria Jeanne, mais personne ne l'entendit dans le vacarme de la rue.",
];

async function completedJob(user: SignedIn, fields: Record<string, string> = {}, pdf?: Uint8Array) {
  pdf ??= await makeFrenchPdf({ pages: [TEXT] });
  const upload = await uploadPdf(
    user.accessToken,
    pdf,
    { sentence_length_limit: "6", ...fields },
    {},
    "Les Misérables.pdf",
  );
  const { job_id } = await upload.json<{ job_id: string }>();
  return waitForJob(user.accessToken, job_id);
}

/** Minimal RFC 4180 parser: enough to prove the file is read back as written. */
function parseDelimited(text: string, separator: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted && ch === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (!quoted && ch === separator) {
      row.push(field);
      field = "";
    } else if (!quoted && ch === "\n") {
      row.push(field.replace(/\r$/, ""));
      rows.push(row);
      row = [];
      field = "";
    } else {
      field += ch;
    }
  }
  return rows;
}

describe("reading a completed job's sentences", () => {
  it("pages through every sentence with an opaque cursor", async () => {
    const user = await signIn();
    const job = await completedJob(user);
    expect(job.status).toBe("completed");
    const whole = await allSentences(user.accessToken, job.job_id, 1000);
    const paged = await allSentences(user.accessToken, job.job_id, 2);
    expect(paged).toEqual(whole);
    expect(whole.length).toBe(job.sentence_count);
    const bad = await SELF.fetch(`${API}/jobs/${job.job_id}/sentences?cursor=nope`, {
      headers: authHeaders(user.accessToken),
    });
    expect(bad.status).toBe(422);
    const tooMany = await SELF.fetch(`${API}/jobs/${job.job_id}/sentences?limit=5000`, {
      headers: authHeaders(user.accessToken),
    });
    expect(tooMany.status).toBe(422);
  });

  it("downloads CSV and TSV with a header row, quoting commas, quotes and tabs correctly", async () => {
    const user = await signIn();
    const job = await completedJob(user);
    const sentences = await allSentences(user.accessToken, job.job_id);
    for (const [format, separator] of [
      ["csv", ","],
      ["tsv", "\t"],
    ] as const) {
      const response = await SELF.fetch(`${API}/jobs/${job.job_id}/download?format=${format}`, {
        headers: authHeaders(user.accessToken),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-disposition")).toContain(
        `Les Mise_rables-sentences.${format}`.replace("_", ""),
      );
      const rows = parseDelimited((await response.text()).replace(/^\uFEFF/, ""), separator);
      expect(rows[0]).toEqual(["index", "text", "page", "source_index", "fallback"]);
      expect(rows.slice(1).map((row) => row[1])).toEqual(sentences.map((s) => s.text));
    }
    expect(sentences.some((s) => s.text.includes('"'))).toBe(true);
  });

  it("downloads JSON", async () => {
    const user = await signIn();
    const job = await completedJob(user);
    const response = await SELF.fetch(`${API}/jobs/${job.job_id}/download`, {
      headers: authHeaders(user.accessToken),
    });
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(await response.json()).toEqual(await allSentences(user.accessToken, job.job_id));
  });

  it("quotes fields the way RFC 4180 asks", () => {
    expect(quoteField("simple", ",")).toBe("simple");
    expect(quoteField('il dit "oui", puis', ",")).toBe('"il dit ""oui"", puis"');
    expect(quoteField("deux\nlignes", ",")).toBe('"deux\nlignes"');
    expect(quoteField("a\tb", "\t")).toBe('"a\tb"');
    expect(quoteField("a,b", "\t")).toBe("a,b");
    expect(contentDisposition("Études.pdf", "csv")).toBe(
      "attachment; filename=\"Etudes-sentences.csv\"; filename*=UTF-8''%C3%89tudes-sentences.csv",
    );
  });

  it("answers 409 for the sentences of a job that is not completed", async () => {
    const user = await signIn();
    const pdf = await makeFrenchPdf({ pages: [["Une phrase qui attend son tour."]] });
    const { job_id } = await (await uploadPdf(user.accessToken, pdf)).json<{ job_id: string }>();
    const early = await getJob(user.accessToken, job_id);
    if (early.status !== "completed") {
      const response = await SELF.fetch(`${API}/jobs/${job_id}/sentences`, {
        headers: authHeaders(user.accessToken),
      });
      expect(response.status).toBe(409);
    }
    await waitForJob(user.accessToken, job_id);
  });
});

describe("the result cache", () => {
  it("serves an identical upload at once from cache, and processes it again with cache=false", async () => {
    const user = await signIn();
    // The cache is keyed by content across users, so this document must be new to the whole test run; and
    // pdf-lib stamps the creation time, so the same bytes are uploaded each time.
    const pdf = await makeFrenchPdf({
      pages: [[...TEXT, `Ce livre porte le numéro ${crypto.randomUUID()}.`]],
    });
    const first = await completedJob(user, {}, pdf);
    expect(first.cached).toBe(false);
    const second = await completedJob(user, {}, pdf);
    expect(second).toMatchObject({ status: "completed", cached: true, sentence_count: first.sentence_count });
    expect(await allSentences(user.accessToken, second.job_id)).toEqual(
      await allSentences(user.accessToken, first.job_id),
    );
    const bypass = await completedJob(user, { cache: "false" }, pdf);
    expect(bypass.cached).toBe(false);
    const otherSettings = await completedJob(user, { sentence_length_limit: "12" }, pdf);
    expect(otherSettings.cached).toBe(false);
  });
});
