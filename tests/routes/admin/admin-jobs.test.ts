import { describe, expect, it } from "vitest";
import { callAs, signInAs } from "../../helpers/admin";
import { waitForJob } from "../../helpers/jobs";
import { seedPreparedJob } from "../../helpers/seed-job";
import { seedJobRow } from "../../helpers/seed-rows";

interface AdminJob {
  id: string;
  user_email: string;
  status: string;
  error_code: string | null;
}

const list = async (token: string, query: string) => {
  const response = await callAs(token, "GET", `/admin/jobs?${query}`);
  expect(response.status).toBe(200);
  return response.json<{ items: AdminJob[]; next_cursor: string | null }>();
};

describe("admin: jobs", () => {
  it("lists jobs across users by status, stalled ones, and by error code; no file names or settings", async () => {
    const admin = await signInAs("admin");
    const owner = await signInAs("user");
    const now = Date.now();
    const failed = await seedJobRow(owner.userId, {
      status: "failed",
      createdAt: new Date(now - 60_000),
      errorCode: "NOT_FRENCH",
    });
    const stalled = await seedJobRow(owner.userId, {
      status: "processing",
      createdAt: new Date(now - 3 * 60 * 60_000),
    });
    const running = await seedJobRow(owner.userId, { status: "processing", createdAt: new Date(now) });

    const failures = await list(admin.accessToken, "status=failed");
    expect(failures.items).toHaveLength(1);
    expect(failures.items[0]).toMatchObject({
      id: failed,
      error_code: "NOT_FRENCH",
      user_email: expect.any(String),
    });
    expect(JSON.stringify(failures)).not.toContain("private-title");
    expect((await list(admin.accessToken, "status=stalled")).items.map((job) => job.id)).toEqual([stalled]);
    expect((await list(admin.accessToken, "error_code=NOT_FRENCH")).items.map((job) => job.id)).toEqual([
      failed,
    ]);

    const first = await list(admin.accessToken, "status=processing&limit=1");
    expect(first.items.map((job) => job.id)).toEqual([running]);
    const next = await list(admin.accessToken, `status=processing&limit=1&cursor=${first.next_cursor}`);
    expect(next.items.map((job) => job.id)).toEqual([stalled]);
    expect((await callAs(admin.accessToken, "GET", "/admin/jobs?cursor=nonsense")).status).toBe(422);
  });

  it("retries another user's failed job, which then completes; a running one is a 409", async () => {
    const admin = await signInAs("admin");
    const owner = await signInAs("user");
    const { jobId, tracker } = await seedPreparedJob(owner.userId, [["Le chat dort au soleil."]]);
    await tracker.chunkFailed(0, {
      error_code: "CHUNK_FAILED",
      message: "failed in a test",
      failed_step: "process",
    });
    const retried = await callAs(admin.accessToken, "POST", `/admin/jobs/${jobId}/retry`);
    expect(retried.status).toBe(202);
    expect((await waitForJob(owner.accessToken, jobId)).status).toBe("completed");
    expect((await callAs(admin.accessToken, "POST", `/admin/jobs/${jobId}/retry`)).status).toBe(409);
  });
});
