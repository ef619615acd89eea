// What a browser client of the API does, written with the web platform only (fetch, FormData, Blob,
// EventSource), so the same module runs in a real browser page and in Node 22 (scripts/browser-walk.mjs).
//
// Two "tabs" share one token store, as two tabs share localStorage. Each tab sends its requests with the
// current access token; on a 401 it refreshes, once per tab at a time (single flight), and only if no one
// else already replaced the token it used — then retries. When both tabs see their token expire together,
// both present the same refresh token: the API's reuse grace answers both with the same successor, so
// nobody is signed out.

const TERMINAL = new Set(["completed", "failed", "cancelled"]);
const API = "/api/v1";
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A problem+json (or other non-2xx) answer. */
export class ApiProblem extends Error {
  constructor(status, body) {
    super(`${status} ${body?.error_code ?? ""}: ${body?.detail ?? "no detail"}`);
    this.status = status;
    this.body = body;
  }
}

async function problemOf(response) {
  const body = await response.json().catch(() => ({}));
  return new ApiProblem(response.status, body);
}

/** The walk's counters: what shows that refreshes happened and that nobody was signed out. */
function newStats() {
  return { requests: 0, unauthorized: 0, refreshes: 0, graceReplays: 0, rateLimited: 0, issued: new Set() };
}

/** One tab: its API calls and its single-flight refresh, over the shared token store. */
function createTab(name, apiBase, store, stats) {
  let refreshing = null;

  async function rotate() {
    for (;;) {
      const response = await fetch(`${apiBase}${API}/auth/refresh`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ refresh_token: store.refresh }),
      });
      if (response.status === 429 || response.status >= 500) {
        // Busy, not signed out: wait as told and try again with the same token.
        stats.rateLimited++;
        await sleep(Number(response.headers.get("retry-after") ?? "1") * 1000);
        continue;
      }
      if (!response.ok) throw await problemOf(response);
      const body = await response.json();
      stats.refreshes++;
      if (stats.issued.has(body.refresh_token)) stats.graceReplays++;
      stats.issued.add(body.refresh_token);
      store.access = body.access_token;
      store.refresh = body.refresh_token;
      return;
    }
  }

  /** Refreshes unless another request of any tab already replaced `failedToken`; one refresh per tab at a time. */
  async function refreshAfter(failedToken) {
    if (store.access !== failedToken) return;
    refreshing ??= rotate().finally(() => {
      refreshing = null;
    });
    await refreshing;
  }

  /** A JSON call with the bearer token; a 401 refreshes and retries once. */
  async function call(path, init = {}) {
    for (let attempt = 0; ; attempt++) {
      const token = store.access;
      stats.requests++;
      const response = await fetch(`${apiBase}${API}${path}`, {
        ...init,
        headers: { ...init.headers, authorization: `Bearer ${token}` },
      });
      if (response.status === 401 && attempt === 0) {
        stats.unauthorized++;
        await refreshAfter(token);
        continue;
      }
      if (!response.ok) throw await problemOf(response);
      return response.status === 204 ? null : response.json();
    }
  }

  return { name, call };
}

/** Signs in with the development login and fills the shared store. */
async function signIn(apiBase, store, stats, email) {
  const response = await fetch(`${apiBase}${API}/auth/dev-login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, name: "Browser walk" }),
  });
  if (!response.ok) throw await problemOf(response);
  const body = await response.json();
  store.access = body.access_token;
  store.refresh = body.refresh_token;
  stats.issued.add(body.refresh_token);
  return body;
}

function upload(tab, pdf, fields) {
  const form = new FormData();
  form.set("pdf_file", pdf, "walk.pdf");
  for (const [name, value] of Object.entries(fields)) form.set(name, String(value));
  return tab.call("/process-pdf", { method: "POST", body: form });
}

/** Follows a job by polling `GET /jobs/{id}`: the fallback when no event stream can be held open. */
async function pollJob(tab, jobId) {
  for (;;) {
    const job = await tab.call(`/jobs/${jobId}`);
    if (TERMINAL.has(job.status)) return job;
    await sleep(500);
  }
}

/** Follows a job with a stream ticket and the native EventSource; polls if the stream fails before the end. */
async function followJob(tab, jobId, log) {
  const { url } = await tab.call(`/jobs/${jobId}/events/ticket`, { method: "POST" });
  const streamed = await new Promise((resolve) => {
    const source = new EventSource(url);
    let events = 0;
    source.addEventListener("status", (event) => {
      const state = JSON.parse(event.data);
      events++;
      log(`event: ${state.status} ${state.progress}% (chunks ${state.chunks.done}/${state.chunks.total})`);
      if (TERMINAL.has(state.status)) {
        source.close();
        resolve({ events, state });
      }
    });
    // A spent ticket is refused on reconnection: close and let polling finish the job.
    source.onerror = () => {
      source.close();
      resolve({ events, state: null });
    };
  });
  if (streamed.state) return { via: "events", events: streamed.events, status: streamed.state.status };
  log("event stream ended early: polling");
  const job = await pollJob(tab, jobId);
  return { via: "polling", events: streamed.events, status: job.status };
}

/** Both tabs fire a burst of parallel reads, as a page with several widgets does. */
function burst(tabs, jobId) {
  const paths = ["/auth/me", "/settings", `/jobs/${jobId}`, `/jobs/${jobId}/chunks`, "/history?limit=3"];
  return Promise.all(tabs.flatMap((tab) => paths.map((path) => tab.call(path))));
}

/** Keeps bursting until `done` settles, so token expiries land on parallel requests. */
async function keepBusy(tabs, jobId, done, every) {
  let finished = false;
  done.finally(() => {
    finished = true;
  });
  while (!finished) {
    await burst(tabs, jobId);
    await sleep(every);
  }
}

/** Every history entry, following `next_cursor` page by page. */
async function pageHistory(tab, limit) {
  const items = [];
  let cursor = null;
  let pages = 0;
  do {
    const query = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) });
    const page = await tab.call(`/history?${query}`);
    items.push(...page.items);
    cursor = page.next_cursor;
    pages++;
  } while (cursor);
  return { items, pages };
}

/**
 * The walk: sign in, upload, follow the job to the end over EventSource while both tabs keep requesting,
 * upload two more (followed by polling), wait out the access token, then read the results and page through
 * the history — with both tabs busy whenever the token expires. Resolves with what happened.
 */
export async function walk({ apiBase, pdf, email, log = () => {} }) {
  const store = { access: null, refresh: null };
  const stats = newStats();
  const session = await signIn(apiBase, store, stats, email);
  const ttlMs = session.expires_in * 1000;
  log(`signed in as ${session.user.email}; access tokens live ${session.expires_in} s`);
  const tabs = [createTab("A", apiBase, store, stats), createTab("B", apiBase, store, stats)];
  const [a, b] = tabs;
  const waitOutToken = () => sleep(ttlMs + 500);

  // cache=false: each upload is processed for real, never answered from an earlier run's result.
  const first = await upload(a, pdf, { cache: false });
  log(`uploaded: job ${first.job_id}`);
  const followed = followJob(a, first.job_id, log);
  await Promise.all([followed, keepBusy(tabs, first.job_id, followed, Math.max(250, ttlMs / 4))]);
  const stream = await followed;
  log(`job ${first.job_id} ${stream.status} (followed by ${stream.via}, ${stream.events} events)`);

  await waitOutToken();
  const more = await Promise.all([
    upload(a, pdf, { sentence_length_limit: 6, cache: false }),
    upload(b, pdf, { sentence_length_limit: 12, cache: false }),
  ]);
  const polled = await Promise.all(more.map((job, i) => pollJob(tabs[i], job.job_id)));
  log(`two more jobs: ${polled.map((job) => `${job.job_id} ${job.status}`).join(", ")}`);

  await waitOutToken();
  const [sentences, chunks, history] = await Promise.all([
    a.call(`/jobs/${first.job_id}/sentences?limit=5`),
    b.call(`/jobs/${first.job_id}/chunks`),
    pageHistory(a, 2),
    burst(tabs, first.job_id),
  ]);
  log(`history: ${history.items.length} entries over ${history.pages} pages`);
  await waitOutToken();
  const me = await b.call("/auth/me");

  const jobIds = [first.job_id, ...more.map((job) => job.job_id)];
  const seen = new Set(history.items.map((item) => item.job_id));
  return {
    ok:
      stream.status === "completed" &&
      polled.every((job) => job.status === "completed") &&
      jobIds.every((id) => seen.has(id)) &&
      sentences.sentences.length > 0 &&
      me.email === session.user.email,
    signedInAs: me.email,
    followedBy: stream.via,
    streamEvents: stream.events,
    jobs: [stream.status, ...polled.map((job) => job.status)],
    firstSentences: sentences.sentences.map((sentence) => sentence.text),
    chunks: chunks.chunks.map(
      (chunk) => `${chunk.start_page}-${chunk.end_page} ${chunk.status} x${chunk.attempts}`,
    ),
    historyEntries: history.items.length,
    historyPages: history.pages,
    requests: stats.requests,
    unauthorized: stats.unauthorized,
    refreshes: stats.refreshes,
    graceReplays: stats.graceReplays,
    rateLimited: stats.rateLimited,
  };
}
