import { env } from "cloudflare:test";
import { HttpResponse, type HttpResponseResolver, http } from "msw";
import { FakeGoogleWorkspace } from "../../scripts/lib/fake-google/workspace.mjs";
import { loadConfig } from "../../src/config";
import type { GoogleApi } from "../../src/exports/google/request";
import { network } from "./network";

const loaded = loadConfig(env);
if (!loaded.ok) throw new Error(`test worker configuration is invalid: ${loaded.invalid.join(", ")}`);

/** The Sheets and Drive base URLs the test worker is configured with. */
export const GOOGLE_APIS = {
  sheets: loaded.config.GOOGLE_SHEETS_BASE_URL,
  drive: loaded.config.GOOGLE_DRIVE_BASE_URL,
} as const;

/** An access token the fake accepts until it is revoked. */
export const ACCESS_TOKEN = "ya29.test-access-token";

/** Client options for the Sheets and Drive calls, as the signed-in user. */
export const sheetsApi = (accessToken = ACCESS_TOKEN): GoogleApi => ({
  baseUrl: GOOGLE_APIS.sheets,
  accessToken,
});
export const driveApi = (accessToken = ACCESS_TOKEN): GoogleApi => ({
  baseUrl: GOOGLE_APIS.drive,
  accessToken,
});

/**
 * Serves Sheets v4 and Drive v3 from the same in-memory model as `npm run fake-google`, on the test network
 * (call in `beforeEach`: handlers are reset after each test). Returns the model to seed, fault and inspect.
 */
export function installGoogleApis(): FakeGoogleWorkspace {
  const google = new FakeGoogleWorkspace();
  const answer: HttpResponseResolver = async ({ request }) => {
    const reply = google.handle({
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers),
      body: await request.text(),
    });
    if (reply.hang)
      throw new Error("the timeout fault is for the HTTP fake; tests inject a slow fetch instead");
    return HttpResponse.json(reply.body as Record<string, unknown>, {
      status: reply.status,
      headers: reply.headers,
    });
  };
  network.use(
    http.all(`${GOOGLE_APIS.sheets}/v4/*`, answer),
    http.all(`${GOOGLE_APIS.drive}/drive/v3/*`, answer),
  );
  return google;
}
