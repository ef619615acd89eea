/** Error answers in the shapes Sheets v4 and Drive v3 really send. */

const SHEETS_STATUS = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  503: "UNAVAILABLE",
};

/** Sheets v4: `{ error: { code, message, status, details: [ErrorInfo] } }`. */
export function sheetsError(code, message, reason, headers = {}) {
  const info = { "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason, domain: "googleapis.com" };
  const details = reason ? [{ ...info, metadata: { service: "sheets.googleapis.com" } }] : [];
  return { status: code, headers, body: { error: { code, message, status: SHEETS_STATUS[code], details } } };
}

/** Drive v3: `{ error: { code, message, errors: [{ domain, reason, message }] } }`. */
export function driveError(code, reason, message, headers = {}) {
  return {
    status: code,
    headers,
    body: { error: { code, message, errors: [{ domain: "global", reason, message }] } },
  };
}

const TOKEN_MESSAGE =
  "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.";
const SCOPE_MESSAGE = "Request had insufficient authentication scopes.";

/** The faults the fake can inject, as each API would answer them. */
export const FAULTS = {
  401: {
    sheets: () => sheetsError(401, TOKEN_MESSAGE, "ACCESS_TOKEN_EXPIRED"),
    drive: () => driveError(401, "authError", TOKEN_MESSAGE),
  },
  "403-scope": {
    sheets: () => sheetsError(403, SCOPE_MESSAGE, "ACCESS_TOKEN_SCOPE_INSUFFICIENT"),
    drive: () => driveError(403, "insufficientPermissions", `Insufficient Permission: ${SCOPE_MESSAGE}`),
  },
  403: {
    sheets: () => sheetsError(403, "The caller does not have permission"),
    drive: () =>
      driveError(
        403,
        "insufficientFilePermissions",
        "The user does not have sufficient permissions for this file.",
      ),
  },
  404: {
    sheets: () => sheetsError(404, "Requested entity was not found."),
    drive: () => driveError(404, "notFound", "File not found."),
  },
  429: {
    sheets: (retryAfter) =>
      sheetsError(
        429,
        "Quota exceeded for quota metric 'Write requests' and limit 'Write requests per minute per user' of service 'sheets.googleapis.com'.",
        "RATE_LIMIT_EXCEEDED",
        { "retry-after": String(retryAfter) },
      ),
    drive: (retryAfter) =>
      driveError(429, "rateLimitExceeded", "Rate Limit Exceeded", { "retry-after": String(retryAfter) }),
  },
  503: {
    sheets: () => sheetsError(503, "The service is currently unavailable."),
    drive: () => driveError(503, "backendError", "Backend Error"),
  },
  timeout: { sheets: () => ({ hang: true }), drive: () => ({ hang: true }) },
};
