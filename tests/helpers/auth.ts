import { SELF } from "cloudflare:test";

/** Tokens and id of a user signed in through dev login. */
export interface SignedIn {
  accessToken: string;
  refreshToken: string;
  userId: string;
}

/** Signs in through `POST /api/v1/auth/dev-login` (creating the user); the default email is unique per call. */
export async function signIn(
  email = `user-${crypto.randomUUID()}@example.test`,
  name = "Test User",
): Promise<SignedIn> {
  const response = await SELF.fetch("https://api.test/api/v1/auth/dev-login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, name }),
  });
  if (response.status !== 200) {
    throw new Error(`dev-login failed with ${response.status}: ${await response.text()}`);
  }
  const body = await response.json<{ access_token: string; refresh_token: string; user: { id: string } }>();
  return { accessToken: body.access_token, refreshToken: body.refresh_token, userId: body.user.id };
}

/** The Authorization header for a bearer token (access token or API key). */
export function authHeaders(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}
