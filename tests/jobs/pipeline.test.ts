import { describe, expect, it } from "vitest";
import { countWords, words } from "../../src/engines/words";
import { signIn } from "../helpers/auth";
import { allSentences, uploadPdf, waitForJob } from "../helpers/jobs";
import { makeFrenchPdf } from "../helpers/pdf-fixtures";

const PAGE_ONE = [
  "M. Dupont arriva à Paris le matin du 12 mars. Il faisait froid.",
  "Mme Bovary, qui attendait depuis longtemps sur le quai de la gare, regardait les voyageurs descendre un à un du train, et elle cherchait parmi eux le visage de son cousin, mais elle ne le voyait nulle part.",
];
const PAGE_TWO = [
  "« Où est-il donc ? » demanda-t-elle. Personne ne répondit.",
  "Le chef de gare, un homme grand et maigre dont la moustache grise tombait sur la bouche, lui expliqua que le train de Rouen avait du retard ; il arriverait sans doute vers midi, peut-être plus tard encore.",
];

describe("upload → queue → completed (offline engine)", () => {
  it("turns a French PDF into sentences of at most N words, losing no word", async () => {
    const user = await signIn();
    const pdf = await makeFrenchPdf({
      pages: [PAGE_ONE, PAGE_TWO],
      runningHead: "LE VOYAGE",
      pageNumbers: true,
    });
    const upload = await uploadPdf(user.accessToken, pdf, { sentence_length_limit: "10" });
    expect(upload.status).toBe(202);
    const accepted = await upload.json<{ job_id: string; status: string; links: { self: string } }>();
    expect(accepted.status).toBe("pending");
    expect(upload.headers.get("location")).toBe(accepted.links.self);

    const job = await waitForJob(user.accessToken, accepted.job_id);
    expect(job.error).toBeNull();
    expect(job.status).toBe("completed");
    expect(job.progress).toBe(100);
    expect(job.chunks.done).toBe(job.chunks.total);

    const sentences = await allSentences(user.accessToken, accepted.job_id, 3);
    expect(sentences.map((s) => s.index)).toEqual(sentences.map((_, i) => i));
    expect(job.sentence_count).toBe(sentences.length);
    for (const sentence of sentences) expect(countWords(sentence.text)).toBeLessThanOrEqual(10);
    const source = [...PAGE_ONE, ...PAGE_TWO].join(" ");
    expect(words(sentences.map((s) => s.text).join(" "))).toEqual(words(source));
    expect(sentences[0]).toMatchObject({ page: 1, source_index: 0, fallback: false });
    expect(sentences.at(-1)?.page).toBe(2);
    expect(sentences.some((s) => s.text.includes("LE VOYAGE"))).toBe(false);
    expect(job.stats).toMatchObject({
      words_in: countWords(source),
      words_out: countWords(source),
      over_limit: 0,
    });
  });
});
