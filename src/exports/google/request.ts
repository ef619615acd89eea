import type { z } from "zod";
import { GoogleApiError, googleErrorFrom } from "./errors";

/** Where and as whom to call a Google API; `fetch` is injectable for tests, `timeoutMs` bounds each call. */
export interface GoogleApi {
  baseUrl: string;
  accessToken: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;

interface GoogleRequest {
  method: "GET" | "POST" | "PUT" | "PATCH";
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
}

function urlOf(api: GoogleApi, request: GoogleRequest): string {
  const url = new URL(request.path, api.baseUrl.endsWith("/") ? api.baseUrl : `${api.baseUrl}/`);
  for (const [name, value] of Object.entries(request.query ?? {})) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  return url.toString();
}

async function send(api: GoogleApi, request: GoogleRequest): Promise<Response> {
  const doFetch = api.fetch ?? fetch;
  try {
    return await doFetch(urlOf(api, request), {
      method: request.method,
      headers: {
        authorization: `Bearer ${api.accessToken}`,
        accept: "application/json",
        ...(request.body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(api.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
  } catch (error) {
    // The cause is kept out of the message: some runtimes put the request (and its headers) in it.
    const timedOut = error instanceof Error && error.name === "TimeoutError";
    throw new GoogleApiError(
      "unavailable",
      timedOut ? "Google did not answer in time" : "Google could not be reached",
      { reason: timedOut ? "TIMEOUT" : "NETWORK" },
    );
  }
}

/** Calls a Google REST method and returns its JSON answer checked against `schema`, or throws a `GoogleApiError`. */
export async function googleRequest<S extends z.ZodType>(
  api: GoogleApi,
  request: GoogleRequest,
  schema: S,
): Promise<z.infer<S>> {
  const response = await send(api, request);
  const text = await response.text().catch(() => "");
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = null;
  }
  if (!response.ok) throw googleErrorFrom(response.status, body, response.headers.get("retry-after"));
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new GoogleApiError("unavailable", `Google answered ${response.status} with an unexpected body`, {
      status: response.status,
    });
  }
  return parsed.data;
}
