// Following a job: its Server-Sent Events stream, and polling when the stream is not available.
import { type ApiClient, ApiProblem, problemOf, unwrap } from "./client.ts";
import type { components } from "./schema.ts";

type JobStatusEvent = components["schemas"]["JobStatusEvent"];
/** What following a job reports: an event's data, or the whole job when polled. */
export type JobState = JobStatusEvent | components["schemas"]["Job"];

const TERMINAL = new Set(["completed", "failed", "cancelled"]);
const POLL_MS = 1000;
const FOLLOW_TIMEOUT_MS = 15 * 60_000;

/** Yields each `status` event of a job's stream (`GET /jobs/{id}/events`) until the server closes it. */
export async function* jobEvents(
  api: ApiClient,
  id: string,
  signal?: AbortSignal,
): AsyncGenerator<JobStatusEvent> {
  const { response, error } = await api.GET("/api/v1/jobs/{id}/events", {
    params: { path: { id } },
    parseAs: "stream",
    ...(signal ? { signal } : {}),
  });
  if (!response.ok || !response.body) throw problemOf(response, error);
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const bytes of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(bytes, { stream: true }).replaceAll("\r\n", "\n");
    for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
      const frame = parseFrame(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
      if (frame.event === "status" && frame.data) yield JSON.parse(frame.data) as JobStatusEvent;
    }
  }
}

function parseFrame(text: string) {
  const frame = { event: "message", data: "" };
  for (const line of text.split("\n")) {
    const [field, ...rest] = line.split(":");
    const value = rest.join(":").replace(/^ /, "");
    if (field === "event") frame.event = value;
    else if (field === "data") frame.data += frame.data ? `\n${value}` : value;
  }
  return frame;
}

export interface FollowOptions {
  /** Each state seen, with where it came from (`sse`, `poll`); `null` with a note when the stream fails. */
  onStatus?: (state: JobState | null, note: string) => void;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * Follows a job until it ends: its event stream first, then polling `GET /jobs/{id}` if the stream fails or
 * closes early. Returns the last state; throws after `timeoutMs` or when `signal` aborts (with its reason).
 */
export async function followJob(api: ApiClient, id: string, options: FollowOptions = {}): Promise<JobState> {
  const { onStatus = () => {}, timeoutMs = FOLLOW_TIMEOUT_MS, signal } = options;
  const stop = AbortSignal.any([AbortSignal.timeout(timeoutMs), ...(signal ? [signal] : [])]);
  const stopped = () =>
    stop.reason?.name === "TimeoutError"
      ? new Error(`Job ${id} did not end within ${timeoutMs / 1000} s.`)
      : stop.reason;
  try {
    for await (const state of jobEvents(api, id, stop)) {
      onStatus(state, "sse");
      if (TERMINAL.has(state.status)) return state;
    }
    onStatus(null, "event stream closed before the job ended; polling instead");
  } catch (error) {
    if (stop.aborted) throw stopped();
    if (error instanceof ApiProblem && error.status < 500) throw error;
    onStatus(null, `event stream failed (${(error as Error).message}); polling instead`);
  }
  while (!stop.aborted) {
    const state = await unwrap(api.GET("/api/v1/jobs/{id}", { params: { path: { id } } }));
    onStatus(state, "poll");
    if (TERMINAL.has(state.status)) return state;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw stopped();
}

type NumberedSentence = components["schemas"]["Sentence"];

/** Every sentence of a completed job, in order, following `next_cursor` a page of `pageSize` at a time. */
export async function allSentences(api: ApiClient, id: string, pageSize = 1000): Promise<NumberedSentence[]> {
  const sentences: NumberedSentence[] = [];
  let cursor: string | undefined;
  do {
    const params = { path: { id }, query: { limit: pageSize, cursor } };
    const page = await unwrap(api.GET("/api/v1/jobs/{id}/sentences", { params }));
    sentences.push(...page.sentences);
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return sentences;
}
