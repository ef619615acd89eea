import { SELF } from "cloudflare:test";

/** The problem+json fields the auth tests assert on. */
export interface ProblemBody {
  error_code: string;
  detail: string;
  errors?: { path: string }[];
}

/** Calls the worker's real fetch at an API path. */
export function api(path: string, init: RequestInit = {}): Promise<Response> {
  return SELF.fetch(`https://api.test/api/v1${path}`, { redirect: "manual", ...init });
}

/** POSTs a JSON body to an API path. */
export function postJson(
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return api(path, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}
