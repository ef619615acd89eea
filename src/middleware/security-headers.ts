import { secureHeaders } from "hono/secure-headers";

/** Hono's secure headers, with the two settings this API needs. */
export function securityHeaders() {
  return secureHeaders({
    // The docs page loads the Scalar bundle from its CDN; everything else is JSON.
    contentSecurityPolicy: undefined,
    crossOriginResourcePolicy: "same-site",
  });
}
