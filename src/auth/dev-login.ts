import type { Config } from "../config";
import type { Database } from "../db/client";
import { startSession } from "./sign-in";
import { upsertUser } from "./users";

/** Dev login exists only in development with DEV_LOGIN=true (the config refuses the flag anywhere else). */
export function isDevLoginEnabled(config: Pick<Config, "ENVIRONMENT" | "DEV_LOGIN">): boolean {
  return config.ENVIRONMENT === "development" && config.DEV_LOGIN;
}

/** Signs in (creating if needed) the user with this email, with no other proof: development only. */
export async function signInByEmail(
  db: Database,
  config: Config,
  input: { email: string; name?: string | undefined; userAgent: string | undefined },
) {
  const user = await upsertUser(db, config, {
    email: input.email,
    name: input.name ?? null,
    picture: null,
  });
  return startSession(db, config, user, input.userAgent);
}
