import { z } from "@hono/zod-openapi";
import { USER_ROLES } from "../../db/schema";
import { TOKEN_RESPONSE_EXAMPLE, USER_EXAMPLE } from "../examples";

export const UserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    picture: z.string().nullable(),
    role: z.enum(USER_ROLES),
    created_at: z.string().openapi({ format: "date-time" }),
    last_login_at: z.string().nullable().openapi({ format: "date-time" }),
    has_sheets_access: z.boolean(),
  })
  .openapi("User", { example: USER_EXAMPLE });

export const TokenResponseSchema = z
  .object({
    access_token: z.string(),
    refresh_token: z.string(),
    token_type: z.literal("Bearer"),
    expires_in: z.number().int().openapi({ example: 900 }),
    user: UserSchema,
  })
  .openapi("TokenResponse", { example: TOKEN_RESPONSE_EXAMPLE });

export const tokenResponses = {
  200: {
    description: "Signed in: an access token, a refresh token and the user",
    content: { "application/json": { schema: TokenResponseSchema } },
  },
};

export const DevLoginSchema = z
  .object({
    email: z.email().max(320),
    name: z.string().trim().min(1).max(200).optional(),
  })
  .openapi("DevLoginRequest", { example: { email: "marie@example.com", name: "Marie" } });

const idToken = z.string().min(1).max(8192);

export const GoogleSignInSchema = z
  .object({
    code: z.string().min(1).max(2048).optional(),
    id_token: idToken.optional(),
    token: idToken.optional().openapi({
      description: "Another name for `id_token` (what a credential-flow frontend may send)",
    }),
  })
  .refine(
    (body) => [body.code, body.id_token, body.token].filter((value) => value !== undefined).length === 1,
    {
      message: "Send exactly one of code, id_token or token.",
    },
  )
  .openapi("GoogleSignInRequest", { example: { code: "4/0AVG7fiQ-example-authorization-code" } });

export const RefreshSchema = z
  .object({ refresh_token: z.string().min(1).max(512) })
  .openapi("RefreshRequest", { example: { refresh_token: TOKEN_RESPONSE_EXAMPLE.refresh_token } });

export const SessionSchema = z
  .object({
    id: z.string(),
    user_agent: z.string().nullable(),
    created_at: z.string().openapi({ format: "date-time" }),
    last_used_at: z.string().openapi({ format: "date-time" }),
    expires_at: z.string().openapi({ format: "date-time" }),
    current: z.boolean(),
  })
  .openapi("Session");

export const IdParamSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" } }),
});
