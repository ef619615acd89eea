import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { authHeaders, type SignedIn, signIn } from "../helpers/auth";
import type { ProblemBody } from "../helpers/http";
import { API } from "../helpers/jobs";
import { captureLogs } from "../helpers/logs";
import { seedPreparedJob } from "../helpers/seed-job";

const CHUNKS = [["Première phrase du livre.", "Deuxième phrase."]];

interface TicketBody {
  url: string;
  ticket: string;
  expires_at: string;
}

/** A job that has ended, so its event stream sends one final event and closes. */
async function endedJob(user: SignedIn): Promise<string> {
  const { jobId, tracker } = await seedPreparedJob(user.userId, CHUNKS);
  await tracker.cancel();
  return jobId;
}

function askTicket(token: string, jobId: string): Promise<Response> {
  return SELF.fetch(`${API}/jobs/${jobId}/events/ticket`, { method: "POST", headers: authHeaders(token) });
}

async function ticketFor(user: SignedIn, jobId: string): Promise<TicketBody> {
  const response = await askTicket(user.accessToken, jobId);
  expect(response.status).toBe(201);
  return response.json<TicketBody>();
}

/** Opens the stream as a browser's EventSource would: the URL alone, no Authorization header. */
const open = (url: string) => SELF.fetch(url, { headers: { accept: "text/event-stream" } });

describe("the event stream's request budget", () => {
  it("counts a stream once, against its user, whether opened with the header or a ticket", async () => {
    const user = await signIn();
    const jobId = await endedJob(user);
    const byHeader = await SELF.fetch(`${API}/jobs/${jobId}/events`, {
      headers: authHeaders(user.accessToken),
    });
    const { url } = await ticketFor(user, jobId);
    const byTicket = await open(url);
    for (const response of [byHeader, byTicket]) {
      expect(response.status).toBe(200);
      expect(response.headers.get("ratelimit-policy")).toMatch(/^"requests";q=\d+;w=60$/);
      await response.body?.cancel();
    }
    // The same user's budget: the ticket request and the ticket stream each took one unit after the first.
    const remaining = (response: Response) =>
      Number(/;r=(\d+)/.exec(response.headers.get("ratelimit") ?? "")?.[1]);
    expect(remaining(byHeader) - remaining(byTicket)).toBe(2);
  });
});

describe("POST /jobs/{id}/events/ticket", () => {
  it("hands out a URL whose ticket opens the stream once, with no header; a second use is refused", async () => {
    const user = await signIn();
    const jobId = await endedJob(user);
    const response = await askTicket(user.accessToken, jobId);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const body = await response.json<TicketBody>();
    expect(body.url).toBe(`${API}/jobs/${jobId}/events?ticket=${body.ticket}`);
    const lifetime = Date.parse(body.expires_at) - Date.now();
    expect(lifetime).toBeGreaterThan(50_000);
    expect(lifetime).toBeLessThanOrEqual(60_000);

    const first = await open(body.url);
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toBe("text/event-stream");
    expect(await first.text()).toContain('"status":"cancelled"');

    const second = await open(body.url);
    expect(second.status).toBe(401);
    expect((await second.json<ProblemBody>()).error_code).toBe("UNAUTHENTICATED");
  });

  it("lets only one of two concurrent uses of a ticket open the stream", async () => {
    const user = await signIn();
    const jobId = await endedJob(user);
    const { url } = await ticketFor(user, jobId);
    const statuses = (await Promise.all([open(url), open(url)])).map((response) => response.status);
    expect(statuses.sort()).toEqual([200, 401]);
  });

  it("refuses an expired ticket", async () => {
    const user = await signIn();
    const jobId = await endedJob(user);
    const { url } = await ticketFor(user, jobId);
    await env.DB.prepare("UPDATE event_tickets SET expires_at = ? WHERE job_id = ?")
      .bind(Date.now() - 1, jobId)
      .run();
    expect((await open(url)).status).toBe(401);
  });

  it("refuses a ticket on another job's stream, and that attempt does not spend it", async () => {
    const user = await signIn();
    const jobId = await endedJob(user);
    const otherJobId = await endedJob(user);
    const { ticket, url } = await ticketFor(user, jobId);
    expect((await open(`${API}/jobs/${otherJobId}/events?ticket=${ticket}`)).status).toBe(401);
    expect((await open(url)).status).toBe(200);
  });

  it("answers 404 to another user asking for a ticket, and their own tickets open only their own jobs", async () => {
    const owner = await signIn();
    const stranger = await signIn();
    const jobId = await endedJob(owner);
    expect((await askTicket(stranger.accessToken, jobId)).status).toBe(404);
    const strangersJob = await endedJob(stranger);
    const { ticket } = await ticketFor(stranger, strangersJob);
    expect((await open(`${API}/jobs/${jobId}/events?ticket=${ticket}`)).status).toBe(401);
  });

  it("refuses a ticket once its session has signed out", async () => {
    const user = await signIn();
    const jobId = await endedJob(user);
    const { url } = await ticketFor(user, jobId);
    await SELF.fetch(`${API}/auth/logout`, { method: "POST", headers: authHeaders(user.accessToken) });
    expect((await open(url)).status).toBe(401);
  });

  it("keeps the Authorization header form of the stream", async () => {
    const user = await signIn();
    const jobId = await endedJob(user);
    const response = await SELF.fetch(`${API}/jobs/${jobId}/events`, {
      headers: authHeaders(user.accessToken),
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('"status":"cancelled"');
    expect((await SELF.fetch(`${API}/jobs/${jobId}/events`)).status).toBe(401);
  });

  it("stores tickets hashed and never writes them to logs or problem bodies", async () => {
    let ticket = "";
    let jobId = "";
    const logs = await captureLogs(async () => {
      const user = await signIn();
      jobId = await endedJob(user);
      const issued = await ticketFor(user, jobId);
      ticket = issued.ticket;
      const rows = await env.DB.prepare("SELECT * FROM event_tickets WHERE job_id = ?").bind(jobId).all();
      expect(rows.results).toHaveLength(1);
      expect(JSON.stringify(rows.results)).not.toContain(ticket);
      await (await open(issued.url)).text();
      expect(await (await open(issued.url)).text()).not.toContain(ticket);
    });
    expect(logs.text).toContain(`/jobs/${jobId}/events`);
    expect(logs.text).not.toContain(ticket);
  });
});
