import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { contentDisposition } from "../../../src/jobs/results/export-sentences";
import { quoteField } from "../../../src/jobs/results/formats/delimited";
import { authHeaders, type SignedIn, signIn } from "../../helpers/auth";
import { parseDelimited } from "../../helpers/delimited";
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

const get = (user: SignedIn, path: string, headers: Record<string, string> = {}) =>
  SELF.fetch(`${API}${path}`, { headers: { ...authHeaders(user.accessToken), ...headers } });

/** Undoes the formula neutralisation of a CSV, TSV or Anki cell. */
const restore = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);
const words = (text: string) => text.split(/\s+/).filter(Boolean);

describe("reading a completed job's sentences", () => {
  it("pages through every sentence with an opaque cursor", async () => {
    const user = await signIn();
    const job = await completedJob(user);
    expect(job.status).toBe("completed");
    const whole = await allSentences(user.accessToken, job.job_id, 1000);
    const paged = await allSentences(user.accessToken, job.job_id, 2);
    expect(paged).toEqual(whole);
    expect(whole.length).toBe(job.sentence_count);
    expect(whole[0]).not.toHaveProperty("source_text");
    expect((await get(user, `/jobs/${job.job_id}/sentences?cursor=nope`)).status).toBe(422);
    expect((await get(user, `/jobs/${job.job_id}/sentences?limit=5000`)).status).toBe(422);
    expect((await get(user, `/jobs/${job.job_id}/sentences?include=everything`)).status).toBe(422);
  });

  it("puts the whole original sentence beside each piece with include=source", async () => {
    const user = await signIn();
    const job = await completedJob(user);
    const sentences = await allSentences(user.accessToken, job.job_id, 3, "source");
    expect(sentences.length).toBeGreaterThan(TEXT.length);
    const sources = [...new Set(sentences.map((sentence) => sentence.source_index))];
    expect(sources).toEqual([0, 1, 2]);
    for (const source of sources) {
      const pieces = sentences.filter((sentence) => sentence.source_index === source);
      // The offline engine only split the sentence: every piece shows it whole, and the pieces rebuild it.
      expect(pieces.every((piece) => piece.source_text === TEXT[source])).toBe(true);
      expect(pieces.flatMap((piece) => words(piece.text))).toEqual(words(TEXT[source]!));
    }
  });

  it("labels each sentence with its chapter when the book has headings", async () => {
    const user = await signIn();
    const pdf = await makeFrenchPdf({
      pages: [
        ["CHAPITRE PREMIER", TEXT[0]!],
        ["CHAPITRE II", TEXT[1]!],
      ],
    });
    const job = await completedJob(user, {}, pdf);
    const sentences = await allSentences(user.accessToken, job.job_id);
    const chapters = [...new Set(sentences.map((sentence) => sentence.chapter))];
    expect(chapters).toEqual(["CHAPITRE PREMIER", "CHAPITRE II"]);
  });

  it("downloads CSV and TSV with every column, the original beside each sentence", async () => {
    const user = await signIn();
    const job = await completedJob(user);
    const sentences = await allSentences(user.accessToken, job.job_id, 100, "source");
    for (const [format, separator] of [
      ["csv", ","],
      ["tsv", "\t"],
    ] as const) {
      const response = await get(user, `/jobs/${job.job_id}/download?format=${format}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-disposition")).toContain(`Les Miserables-sentences.${format}`);
      const [header, ...rows] = parseDelimited((await response.text()).replace(/^\uFEFF/, ""), separator);
      expect(header).toEqual(["index", "sentence", "source_text", "page", "chapter", "fallback"]);
      expect(rows.map((row) => row.map(restore))).toEqual(
        sentences.map((s) => [String(s.index), s.text, s.source_text, String(s.page), "", "false"]),
      );
    }
    expect(sentences.some((s) => s.text.includes('"'))).toBe(true);
  });

  it("downloads an Anki file listing every sentence with its original and page", async () => {
    const user = await signIn();
    const job = await completedJob(user);
    const sentences = await allSentences(user.accessToken, job.job_id, 100, "source");
    const response = await get(user, `/jobs/${job.job_id}/download?format=anki`);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(response.headers.get("content-disposition")).toContain("Les Miserables-anki.txt");
    const text = await response.text();
    expect(text.split("\n").slice(0, 5)).toEqual([
      "#separator:tab",
      "#html:false",
      "#notetype:Basic",
      "#guid column:3",
      "#tags:french-novel-tool Les_Misérables",
    ]);
    const notes = parseDelimited(text, "\t", "#");
    expect(notes.map((note) => note.map(restore))).toEqual(
      sentences.map((s) => [s.text, `${s.source_text} (p. ${s.page})`, `${job.job_id}-${s.index}`]),
    );
  });

  it("downloads a text file with one sentence per line, and JSON with the originals", async () => {
    const user = await signIn();
    const job = await completedJob(user);
    const sentences = await allSentences(user.accessToken, job.job_id, 100, "source");
    const txt = await (await get(user, `/jobs/${job.job_id}/download?format=txt`)).text();
    expect(txt).toBe(sentences.map((s) => `${s.text}\n`).join(""));
    const json = await get(user, `/jobs/${job.job_id}/download`);
    expect(json.headers.get("content-type")).toContain("application/json");
    expect(await json.json()).toEqual(sentences);
  });

  it("tags completed results with a strong ETag and answers If-None-Match with 304", async () => {
    const user = await signIn();
    const job = await completedJob(user);
    for (const path of [
      `/jobs/${job.job_id}/download?format=csv`,
      `/jobs/${job.job_id}/sentences?limit=2&include=source`,
    ]) {
      const first = await get(user, path);
      const etag = first.headers.get("etag");
      expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
      const body = await first.text();
      const again = await get(user, path);
      expect(again.headers.get("etag")).toBe(etag);
      expect(await again.text()).toBe(body);
      const cached = await get(user, path, { "if-none-match": `"other", ${etag}` });
      expect(cached.status).toBe(304);
      expect(cached.headers.get("etag")).toBe(etag);
      expect(await cached.text()).toBe("");
      expect((await get(user, path, { "if-none-match": '"stale"' })).status).toBe(200);
    }
    const tags = await Promise.all(
      ["csv", "tsv", "anki"].map(async (format) =>
        (await get(user, `/jobs/${job.job_id}/download?format=${format}`)).headers.get("etag"),
      ),
    );
    expect(new Set(tags).size).toBe(3);
    const otherPage = await get(user, `/jobs/${job.job_id}/sentences?limit=3&include=source`);
    expect(otherPage.headers.get("etag")).not.toBe(tags[0]);
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

  it("answers 409 without an ETag for the sentences of a job that is not completed", async () => {
    const user = await signIn();
    const pdf = await makeFrenchPdf({ pages: [["Une phrase qui attend son tour."]] });
    const { job_id } = await (await uploadPdf(user.accessToken, pdf)).json<{ job_id: string }>();
    const early = await getJob(user.accessToken, job_id);
    if (early.status !== "completed") {
      const response = await get(user, `/jobs/${job_id}/sentences`, { "if-none-match": "*" });
      expect(response.status).toBe(409);
      expect(response.headers.get("etag")).toBeNull();
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
    // The cached job reads the first job's results, originals included.
    expect(await allSentences(user.accessToken, second.job_id, 100, "source")).toEqual(
      await allSentences(user.accessToken, first.job_id, 100, "source"),
    );
    const bypass = await completedJob(user, { cache: "false" }, pdf);
    expect(bypass.cached).toBe(false);
    const otherSettings = await completedJob(user, { sentence_length_limit: "12" }, pdf);
    expect(otherSettings.cached).toBe(false);
  });
});
