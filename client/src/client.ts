// The client itself: openapi-fetch with a bearer token, and its error answers turned into exceptions.
import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema.ts";

export type ApiClient = Client<paths>;
export type Problem = components["schemas"]["Problem"];

export interface ClientOptions {
  /** Where the API answers, e.g. `https://api.example.com` (paths start with `/api/v1`). */
  baseUrl: string;
  /** An access token or an API key (`fnt_…`), or a function returning the current one. */
  token?: string | (() => string | undefined);
  /** Another fetch (tests, a proxy); the global one by default. */
  fetch?: typeof globalThis.fetch;
}

/** The API answered with an RFC 9457 problem (or another non-2xx answer). */
export class ApiProblem extends Error {
  readonly status: number;
  readonly problem: Partial<Problem>;

  constructor(status: number, problem: Partial<Problem>) {
    super(`${problem.error_code ?? `HTTP ${status}`}: ${problem.detail ?? problem.title ?? "no detail"}`);
    this.name = "ApiProblem";
    this.status = status;
    this.problem = problem;
  }
}

/** Nothing answered at the base URL (refused connection, DNS failure…). */
export class ApiDown extends Error {
  override name = "ApiDown";
}

/** A client of the API; every request carries `Authorization: Bearer <token>` when a token is given. */
export function createApiClient({ baseUrl, token, fetch }: ClientOptions): ApiClient {
  const client = createClient<paths>({ baseUrl, ...(fetch ? { fetch } : {}) });
  if (token !== undefined) client.use(bearer(token));
  return client;
}

function bearer(token: string | (() => string | undefined)): Middleware {
  return {
    onRequest({ request }) {
      const value = typeof token === "function" ? token() : token;
      if (value) request.headers.set("authorization", `Bearer ${value}`);
      return request;
    },
  };
}

/** Turns an answer that is not 2xx into an ApiProblem (the body when it is a problem, else its text). */
export function problemOf(response: Response, error: unknown): ApiProblem {
  const problem = typeof error === "object" && error !== null ? error : { detail: String(error ?? "") };
  return new ApiProblem(response.status, problem as Partial<Problem>);
}

/**
 * Awaits a call of the client and returns its data; throws an ApiProblem for an error answer and an ApiDown
 * when nothing answered.
 *
 *     const job = await unwrap(api.GET("/api/v1/jobs/{id}", { params: { path: { id } } }));
 */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (error) {
    if (error instanceof Error && error.name === "TypeError") {
      const cause = (error.cause as { code?: string } | undefined)?.code ?? error.message;
      throw new ApiDown(`The API did not answer (${cause}).`, { cause: error });
    }
    throw error;
  }
  if (!result.response.ok) throw problemOf(result.response, result.error);
  return result.data as T;
}

/**
 * The `bodySerializer` of multipart routes (`POST /process-pdf`): each field of the typed body, files as Blobs.
 *
 *     api.POST("/api/v1/process-pdf", { body: { pdf_file: file, sentence_length_limit: "10" }, bodySerializer: formData })
 */
export function formData(body: object): FormData {
  const form = new FormData();
  for (const [field, value] of Object.entries(body)) {
    if (value !== undefined) form.set(field, value instanceof Blob ? value : String(value));
  }
  return form;
}
