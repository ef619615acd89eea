import { env } from "cloudflare:test";
import { asc, eq } from "drizzle-orm";
import { createDb } from "../../src/db/client";
import { usageLedger } from "../../src/db/schema";
import { dayOf, periodOf } from "../../src/usage/periods";
import { makeFrenchPdf } from "./pdf-fixtures";

const db = createDb(env.DB);

/** A job's ledger entries, oldest first. */
export function ledgerOf(jobId: string) {
  return db
    .select()
    .from(usageLedger)
    .where(eq(usageLedger.jobId, jobId))
    .orderBy(asc(usageLedger.createdAt));
}

/** Polls until a job's ledger has `count` entries (reactions run on the real events queue). */
export async function waitForLedger(jobId: string, count: number, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await ledgerOf(jobId);
    if (rows.length >= count || Date.now() > deadline) return rows;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Charges `pages` to a user this month, as an earlier job would have (a reservation of a job that is gone). */
export async function chargeEarlierJob(userId: string, pages: number, engine = "offline") {
  const now = Date.now();
  await db.insert(usageLedger).values({
    id: crypto.randomUUID(),
    userId,
    period: periodOf(now),
    day: dayOf(now),
    kind: "reservation",
    pages,
    engine,
    jobId: crypto.randomUUID(),
    key: `seed:${crypto.randomUUID()}`,
  });
}

const SENTENCES = [
  "Le vieux capitaine regardait le port depuis sa fenêtre en fumant sa pipe.",
  "Les bateaux rentraient lentement, chargés de poissons et de souvenirs.",
  "Sa femme préparait la soupe dans la cuisine, comme chaque soir depuis quarante ans.",
  "Il pensait aux tempêtes passées et aux amis que la mer avait gardés.",
];

/** A French PDF of `pages` full pages (about 300 words each): ten or more make more than one offline chunk. */
export function makeLongFrenchPdf(pages: number, seed = "") {
  const paragraph = (page: number) =>
    Array.from({ length: 4 }, (_, i) => `${SENTENCES.join(" ")} ${seed}Page ${page}, partie ${i + 1}.`);
  return makeFrenchPdf({ pages: Array.from({ length: pages }, (_, page) => paragraph(page + 1)) });
}
