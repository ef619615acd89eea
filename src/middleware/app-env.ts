import type { Principal } from "../auth/principal";
import type { Config } from "../config";
import type { Database } from "../db/client";
import type { RequestDecision } from "../rate-limit/request-limiter";

/** Hono environment shared by every router: what the root app's middlewares set on each request. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    config: Config;
    db: Database;
    principal?: Principal;
    /** This request's place in its request budget, when one applies. */
    rateLimit?: RequestDecision;
  };
}

/** The environment of a route behind `requireAuth`: the principal is always set. */
export interface AuthEnv extends AppEnv {
  Variables: AppEnv["Variables"] & { principal: Principal };
}
