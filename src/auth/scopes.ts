/** Scopes a personal API key can hold; a session holds all of them. */
export const API_KEY_SCOPES = [
  "jobs:read",
  "jobs:write",
  "history:read",
  "exports:write",
  "webhooks:manage",
  /** The admin API; honoured only on a key whose owner is an admin. */
  "admin",
] as const;

export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];
