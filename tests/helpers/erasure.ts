import { env } from "cloudflare:test";
import { HttpResponse, http } from "msw";
import { saveGoogleTokens } from "../../src/auth/google/credentials";
import { loadConfig } from "../../src/config";
import { batches, webhookDeliveries, webhookEndpoints } from "../../src/db/schema";
import { db } from "./history";
import { network } from "./network";

const loaded = loadConfig(env);
if (!loaded.ok) throw new Error(`test configuration invalid: ${loaded.invalid.join(", ")}`);
export const config = loaded.config;

/** Every D1 table with a `user_id` column (besides the deletion record itself). */
export async function tablesWithUserId(): Promise<string[]> {
  // D1 refuses pragma_table_info: the column shows in each table's CREATE statement instead.
  const { results } = await env.DB.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table'").all<{
    name: string;
    sql: string;
  }>();
  return results
    .filter((row) => /[`"\s(]user_id[`"\s]/.test(row.sql ?? "") && row.name !== "account_deletions")
    .map((row) => row.name);
}

/** Rows naming the user, per table (users by id, the others by user_id). */
export async function rowsOf(userId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const users = await env.DB.prepare("SELECT COUNT(*) AS n FROM users WHERE id = ?")
    .bind(userId)
    .first<number>("n");
  counts.users = users ?? 0;
  for (const table of await tablesWithUserId()) {
    const n = await env.DB.prepare(`SELECT COUNT(*) AS n FROM "${table}" WHERE user_id = ?`)
      .bind(userId)
      .first<number>("n");
    counts[table] = n ?? 0;
  }
  return counts;
}

/** Keys of the R2 objects under a prefix. */
export async function objectsUnder(prefix: string): Promise<string[]> {
  return (await env.PDF_BUCKET.list({ prefix })).objects.map((object) => object.key);
}

/** The job ids every result-cache entry points at. */
export async function cachedJobIds(): Promise<string[]> {
  const { keys } = await env.RESULT_CACHE.list();
  const values = await Promise.all(
    keys.map((key) => env.RESULT_CACHE.get<{ jobId: string }>(key.name, "json")),
  );
  return values.flatMap((value) => (value ? [value.jobId] : []));
}

/** Stores a Google grant for the user, as a sign-in with Google would. */
export function grantGoogle(userId: string, refreshToken: string) {
  return saveGoogleTokens(db, config, userId, {
    access_token: `at-${crypto.randomUUID()}`,
    refresh_token: refreshToken,
    expires_in: 3600,
    scope: "openid email https://www.googleapis.com/auth/spreadsheets",
  });
}

/** Fakes Google's revocation endpoint; records the tokens revoked, answers `status`. */
export function fakeRevocation(status = 200): string[] {
  const revoked: string[] = [];
  network.use(
    http.post(config.GOOGLE_REVOKE_URL, async ({ request }) => {
      revoked.push(new URLSearchParams(await request.text()).get("token") ?? "");
      return status === 200 ? HttpResponse.json({}) : HttpResponse.json({ error: "backend" }, { status });
    }),
  );
  return revoked;
}

/** A webhook endpoint of the user with one logged delivery, and a batch: rows as their features store them. */
export async function seedIntegrations(userId: string, secretCiphertext: string) {
  const endpointId = crypto.randomUUID();
  await db.insert(webhookEndpoints).values({
    id: endpointId,
    userId,
    url: "https://hooks.example.test/fnt",
    events: ["job.finished"],
    secretCiphertext,
  });
  await db.insert(webhookDeliveries).values({
    id: `msg_${crypto.randomUUID()}`,
    endpointId,
    eventType: "job.finished",
    eventId: crypto.randomUUID(),
    resourceId: crypto.randomUUID(),
    body: '{"private":"delivery body"}',
    status: "delivered",
  });
  const batchId = crypto.randomUUID();
  await db.insert(batches).values({ id: batchId, userId, status: "completed", rejected: [] });
  return { endpointId, batchId };
}
