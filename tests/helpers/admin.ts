import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { createDb } from "../../src/db/client";
import { type UserRole, users } from "../../src/db/schema";
import { authHeaders, type SignedIn, signIn } from "./auth";
import { api } from "./http";

/** Signs a new user in with a role, set before the session's first authenticated request. */
export async function signInAs(role: UserRole, email?: string): Promise<SignedIn> {
  const user = await signIn(email);
  await createDb(env.DB).update(users).set({ role }).where(eq(users.id, user.userId));
  return user;
}

/** Calls the API with a bearer token, a JSON body when given. */
export function callAs(token: string, method: string, path: string, body?: unknown): Promise<Response> {
  return api(path, {
    method,
    headers: { ...authHeaders(token), ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}
