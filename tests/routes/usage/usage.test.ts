import { env, SELF } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { DEFAULT_PLANS } from "../../../src/config";
import { createDb } from "../../../src/db/client";
import { users } from "../../../src/db/schema";
import { authHeaders, signIn } from "../../helpers/auth";
import { uploadPdf, waitForJob } from "../../helpers/jobs";
import { makeFrenchPdf } from "../../helpers/pdf-fixtures";
import { SUITE_REQUESTS_PER_MINUTE } from "../../helpers/request-limits";
import { chargeEarlierJob } from "../../helpers/usage";

interface Usage {
  plan: { name: string; pages_per_month: number };
  period: string;
  resets_at: string;
  pages: { quota: number; granted: number; allowance: number; used: number; reserved: number; left: number };
  gemini_pages: { quota: number; used: number; left: number };
  requests: { limit: number; remaining: number; resets_at: string };
  uploads: { limit: number; remaining: number; resets_at: string };
  daily_pages: { day: string; pages: number }[];
}

const getUsage = async (token: string) => {
  const response = await SELF.fetch("https://api.test/api/v1/usage", { headers: authHeaders(token) });
  expect(response.status).toBe(200);
  return response.json<Usage>();
};

describe("GET /usage", () => {
  it("shows the plan, the month's pages, the windows and the last 30 days", async () => {
    const user = await signIn();
    await chargeEarlierJob(user.userId, 7, "gemini");
    const usage = await getUsage(user.accessToken);
    const now = new Date();
    expect(usage.plan).toMatchObject({ name: "user", pages_per_month: DEFAULT_PLANS.user.pages_per_month });
    expect(usage.period).toBe(now.toISOString().slice(0, 7));
    expect(usage.resets_at).toBe(
      new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString(),
    );
    expect(usage.pages).toEqual({ quota: 500, granted: 0, allowance: 500, used: 7, reserved: 0, left: 493 });
    expect(usage.gemini_pages).toEqual({ quota: 50, used: 7, left: 43 });
    expect(usage.requests.limit).toBe(SUITE_REQUESTS_PER_MINUTE);
    expect(usage.requests.remaining).toBeLessThan(SUITE_REQUESTS_PER_MINUTE);
    expect(usage.uploads).toMatchObject({ limit: 10, remaining: 10 });
    expect(usage.daily_pages).toHaveLength(30);
    expect(usage.daily_pages.at(-1)).toEqual({ day: now.toISOString().slice(0, 10), pages: 7 });
    expect(usage.daily_pages.slice(0, -1).every((day) => day.pages === 0)).toBe(true);
  });

  it("counts a finished job's pages as used and its upload in the hourly window", async () => {
    const user = await signIn();
    const upload = await uploadPdf(
      user.accessToken,
      await makeFrenchPdf({ pages: [[`Premier ${crypto.randomUUID()}.`], ["Deuxième page du livre."]] }),
    );
    const { job_id } = await upload.json<{ job_id: string }>();
    expect((await waitForJob(user.accessToken, job_id)).status).toBe("completed");
    const usage = await getUsage(user.accessToken);
    expect(usage.pages).toMatchObject({ used: 2, reserved: 0, left: 498 });
    expect(usage.uploads).toMatchObject({ limit: 10, remaining: 9 });
  });

  it("a premium user sees the premium plan", async () => {
    const user = await signIn();
    await createDb(env.DB).update(users).set({ role: "premium" }).where(eq(users.id, user.userId));
    const usage = await getUsage(user.accessToken);
    expect(usage.plan.name).toBe("premium");
    expect(usage.pages.left).toBe(DEFAULT_PLANS.premium.pages_per_month);
  });

  it("needs a signed-in caller", async () => {
    const response = await SELF.fetch("https://api.test/api/v1/usage");
    expect(response.status).toBe(401);
  });
});
