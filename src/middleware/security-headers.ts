import { secureHeaders } from "hono/secure-headers";

/**
 * Hono's secure headers. Every response is JSON (or a redirect, or an event stream), so its policy allows
 * nothing and no framing; the docs page sets its own policy, which is kept.
 */
export function securityHeaders() {
  return secureHeaders({
    contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    crossOriginResourcePolicy: "same-site",
    // A header a route set itself (the docs page's policy) wins over these defaults.
    overwrite: false,
  });
}
