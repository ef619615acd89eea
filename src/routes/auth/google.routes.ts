import { createRoute, z } from "@hono/zod-openapi";
import { JSON_BODY_ERRORS, problemResponses } from "../../lib/problem-responses";
import { limitSignInRate } from "../../middleware/limits";
import { GoogleSignInSchema, tokenResponses } from "./auth.schemas";

const redirectResponse = (description: string) => ({
  description,
  headers: z.object({ Location: z.string().openapi({ format: "uri" }) }),
});

export const signIn = createRoute({
  operationId: "signInWithGoogle",
  method: "post",
  path: "/auth/google",
  tags: ["Auth"],
  summary: "Sign in with a Google authorization code (popup flow) or an ID token",
  description:
    '`code` comes from `@react-oauth/google` with `flow: "auth-code"` and is exchanged with `redirect_uri=postmessage`; ' +
    "the Google grant it carries (ask for `drive.file` to export to new spreadsheets) is stored. `id_token` (or its alias `token`, the credential flow's name) signs in without Google access.",
  middleware: [limitSignInRate] as const,
  request: { body: { required: true, content: { "application/json": { schema: GoogleSignInSchema } } } },
  responses: {
    ...tokenResponses,
    ...problemResponses(
      ...JSON_BODY_ERRORS,
      "GOOGLE_AUTH_FAILED",
      "INVALID_ID_TOKEN",
      "ACCOUNT_DISABLED",
      "CONFLICT",
      "RATE_LIMITED",
      "UPSTREAM_UNAVAILABLE",
    ),
  },
});

export const authorize = createRoute({
  operationId: "authorizeWithGoogle",
  method: "get",
  path: "/auth/google/authorize",
  tags: ["Auth"],
  summary:
    "Start a redirect sign-in: redirects to Google (state + PKCE S256, offline access, `drive.file`; more with `scope`)",
  description:
    "Asks for `openid email profile drive.file` with `include_granted_scopes=true`, so scopes granted earlier are kept. `scope=spreadsheets` also asks for access to spreadsheets the app did not create (incremental authorization: the link in a `GOOGLE_SCOPE_MISSING` problem).",
  request: {
    query: z.object({
      redirect_uri: z.url().max(2048).optional().openapi({
        description:
          "Frontend URL (allow-listed origin) that receives the tokens in its fragment; default: the first of AUTH_REDIRECT_ORIGINS",
      }),
      scope: z.enum(["spreadsheets"]).optional().openapi({
        description:
          "An extra scope to ask for: `spreadsheets` (appending to a spreadsheet the app did not create)",
      }),
    }),
  },
  responses: {
    302: redirectResponse("To Google's consent screen"),
    ...problemResponses("VALIDATION_FAILED"),
  },
});

export const callback = createRoute({
  operationId: "googleCallback",
  method: "get",
  path: "/auth/google/callback",
  tags: ["Auth"],
  summary: "Google returns here; redirects to the frontend with tokens (or `error`) in the URL fragment",
  request: {
    query: z.object({
      state: z.string().max(512).optional(),
      code: z.string().max(2048).optional(),
      error: z.string().max(256).optional(),
    }),
  },
  responses: {
    302: redirectResponse("To the frontend, with the result in the fragment"),
    ...problemResponses("INVALID_STATE", "VALIDATION_FAILED"),
  },
});
