import { describe, expect, it } from "vitest";
import { callAs, signInAs } from "../../helpers/admin";
import { signIn } from "../../helpers/auth";
import { postJson } from "../../helpers/http";
import { uploadPdf, waitForJob } from "../../helpers/jobs";
import { chargeEarlierJob, makeLongFrenchPdf } from "../../helpers/usage";

interface AdminUser {
  id: string;
  email: string;
  role: string;
  role_source: string;
  is_active: boolean;
  pages_this_month: number;
  pages_granted_this_month: number;
}

const usageOf = async (token: string) =>
  (await callAs(token, "GET", "/usage")).json<{
    plan: { name: string };
    pages: { granted: number; allowance: number; left: number };
  }>();

describe("admin: users", () => {
  it("a free user over the quota fails with the reset date, a premium one does not; the admin sees both, grants pages, and the grant shows in the audit log and the user's usage", async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const admin = await signInAs("admin");
    const free = await signInAs("user", `free-${tag}@example.test`);
    const premium = await signInAs("premium", `premium-${tag}@example.test`);
    await chargeEarlierJob(free.userId, 499);
    await chargeEarlierJob(premium.userId, 499);

    const pdf = () => makeLongFrenchPdf(3, crypto.randomUUID());
    const freeJob = await (await uploadPdf(free.accessToken, await pdf())).json<{ job_id: string }>();
    const premiumJob = await (await uploadPdf(premium.accessToken, await pdf())).json<{ job_id: string }>();
    const failed = await waitForJob(free.accessToken, freeJob.job_id);
    expect(failed.error?.error_code).toBe("QUOTA_EXCEEDED");
    expect(failed.error?.message).toMatch(/resets on \d{4}-\d{2}-01/);
    expect((await waitForJob(premium.accessToken, premiumJob.job_id)).status).toBe("completed");

    const listed = await callAs(admin.accessToken, "GET", `/admin/users?q=${tag}`);
    expect(listed.status).toBe(200);
    const { items } = await listed.json<{ items: AdminUser[] }>();
    expect(items.map((user) => [user.email, user.role, user.pages_this_month])).toEqual([
      [`free-${tag}@example.test`, "user", 499],
      [`premium-${tag}@example.test`, "premium", 502],
    ]);

    const granted = await callAs(admin.accessToken, "POST", `/admin/users/${free.userId}/grants`, {
      pages: 100,
      note: "exam week",
    });
    expect(granted.status).toBe(201);
    expect(await granted.json()).toMatchObject({ pages_granted_this_month: 100 });
    expect((await usageOf(free.accessToken)).pages).toMatchObject({
      granted: 100,
      allowance: 600,
      left: 101,
    });

    const audit = await callAs(admin.accessToken, "GET", `/admin/audit?actor_id=${admin.userId}`);
    const { items: rows } = await audit.json<{
      items: { action: string; target_id: string; details: unknown }[];
    }>();
    expect(rows.find((row) => row.action === "users.grant")).toMatchObject({
      target_id: free.userId,
      details: { body: { pages: 100, note: "exam week" } },
    });
    // The free user's retry now fits in the month.
    const retried = await callAs(free.accessToken, "POST", `/jobs/${freeJob.job_id}/retry`);
    expect(retried.status).toBe(202);
    expect((await waitForJob(free.accessToken, freeJob.job_id)).status).toBe("completed");
  });

  it("filters by role and activity and pages through by email", async () => {
    const admin = await signInAs("admin");
    const tag = crypto.randomUUID().slice(0, 8);
    for (const n of [1, 2, 3]) await signInAs("premium", `page-${n}-${tag}@example.test`);
    const first = await callAs(admin.accessToken, "GET", `/admin/users?q=${tag}&role=premium&limit=2`);
    const page = await first.json<{ items: AdminUser[]; next_cursor: string }>();
    expect(page.items.map((user) => user.email)).toEqual([
      `page-1-${tag}@example.test`,
      `page-2-${tag}@example.test`,
    ]);
    const second = await callAs(
      admin.accessToken,
      "GET",
      `/admin/users?q=${tag}&limit=2&cursor=${encodeURIComponent(page.next_cursor)}`,
    );
    const rest = await second.json<{ items: AdminUser[]; next_cursor: string | null }>();
    expect(rest.items.map((user) => user.email)).toEqual([`page-3-${tag}@example.test`]);
    expect(rest.next_cursor).toBeNull();
    const none = await callAs(admin.accessToken, "GET", `/admin/users?q=${tag}&role=user`);
    expect((await none.json<{ items: unknown[] }>()).items).toEqual([]);
  });

  it("a role change applies the new plan at once and is kept at the next sign-in", async () => {
    const admin = await signInAs("admin");
    const email = `promoted-${crypto.randomUUID()}@example.test`;
    const user = await signInAs("user", email);
    expect((await usageOf(user.accessToken)).plan.name).toBe("user");
    const changed = await callAs(admin.accessToken, "PUT", `/admin/users/${user.userId}/role`, {
      role: "premium",
    });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ role: "premium", role_source: "admin_api" });
    expect((await usageOf(user.accessToken)).plan.name).toBe("premium");
    const again = await signIn(email);
    expect((await usageOf(again.accessToken)).plan.name).toBe("premium");
    const self = await callAs(admin.accessToken, "PUT", `/admin/users/${admin.userId}/role`, {
      role: "user",
    });
    expect(self.status).toBe(409);
  });

  it("deactivation revokes every session at once; reactivation lets the user sign in again", async () => {
    const admin = await signInAs("admin");
    const user = await signInAs("user");
    const key = await (
      await callAs(user.accessToken, "POST", "/api-keys", { name: "k", scopes: ["jobs:read"] })
    ).json<{ key: string }>();
    expect((await callAs(user.accessToken, "GET", "/usage")).status).toBe(200);

    const off = await callAs(admin.accessToken, "POST", `/admin/users/${user.userId}/deactivate`);
    expect(off.status).toBe(200);
    expect(await off.json()).toMatchObject({ user: { is_active: false }, sessions_revoked: 1 });
    expect((await callAs(user.accessToken, "GET", "/usage")).status).toBe(401);
    expect((await postJson("/auth/refresh", { refresh_token: user.refreshToken })).status).toBe(401);
    const byKey = await callAs(key.key, "GET", "/usage");
    expect(byKey.status).toBe(403);
    expect(await byKey.json()).toMatchObject({ error_code: "ACCOUNT_DISABLED" });

    const on = await callAs(admin.accessToken, "POST", `/admin/users/${user.userId}/reactivate`);
    expect(await on.json()).toMatchObject({ user: { is_active: true }, sessions_revoked: 0 });
    expect((await callAs(key.key, "GET", "/usage", undefined)).status).toBe(200);
  });

  it("answers 404 for an unknown user", async () => {
    const admin = await signInAs("admin");
    const response = await callAs(admin.accessToken, "POST", "/admin/users/nobody/grants", { pages: 1 });
    expect(response.status).toBe(404);
    const role = await callAs(admin.accessToken, "PUT", "/admin/users/nobody/role", { role: "premium" });
    expect(role.status).toBe(404);
    expect((await callAs(admin.accessToken, "POST", "/admin/users/nobody/deactivate")).status).toBe(404);
  });
});
