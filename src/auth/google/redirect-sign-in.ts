import type { Config } from "../../config";
import type { Database } from "../../db/client";
import { ApiError } from "../../lib/errors";
import { describeError, log } from "../../lib/logger";
import { reportError } from "../../lib/sentry";
import { consumeGoogleAuthorization } from "./authorization";
import { signInWithGoogleCode } from "./sign-in";

interface CallbackInput {
  state: string | undefined;
  code: string | undefined;
  googleError: string | undefined;
  browserBinding: string | undefined;
  callbackUrl: string;
  userAgent: string | undefined;
  requestId?: string;
}

function withFragment(target: string, params: Record<string, string>): string {
  const url = new URL(target);
  url.hash = new URLSearchParams(params).toString();
  return url.href;
}

/**
 * Finishes a redirect sign-in and returns where to send the browser. Tokens travel in the fragment, which
 * browsers never send to servers or in Referer. Once the state is proven, failures are reported to the frontend
 * the same way (`#error=CODE`); before that the target is untrusted and INVALID_STATE is thrown instead.
 */
export async function completeGoogleRedirect(
  db: Database,
  config: Config,
  input: CallbackInput,
): Promise<string> {
  if (!input.state) throw new ApiError("INVALID_STATE", { detail: "The sign-in state is missing." });
  const { codeVerifier, nonce, redirectUri } = await consumeGoogleAuthorization(db, config, {
    state: input.state,
    browserBinding: input.browserBinding,
  });
  if (input.googleError || !input.code) {
    const reason = /^[a-z_]{1,64}$/.test(input.googleError ?? "") ? input.googleError! : "access_denied";
    return withFragment(redirectUri, { error: reason });
  }
  try {
    const body = await signInWithGoogleCode(db, config, {
      code: input.code,
      redirectUri: input.callbackUrl,
      codeVerifier,
      nonce,
      userAgent: input.userAgent,
    });
    return withFragment(redirectUri, {
      access_token: body.access_token,
      refresh_token: body.refresh_token,
      token_type: body.token_type,
      expires_in: String(body.expires_in),
    });
  } catch (error) {
    if (error instanceof ApiError) {
      return withFragment(redirectUri, { error: error.code, error_description: error.detail });
    }
    // A bug, not an answer: record it like the app's error handler would, but send the browser back to the
    // frontend (the target is trusted by now) rather than leave it on a problem+json page.
    log("error", "google redirect sign-in failed", { ...describeError(error), request_id: input.requestId });
    reportError(error, { requestId: input.requestId, tags: { step: "google_redirect_sign_in" } });
    return withFragment(redirectUri, { error: "INTERNAL_ERROR" });
  }
}
