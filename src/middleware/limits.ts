import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import { ApiError } from "../lib/errors";
import { consumeSignInBudget } from "../rate-limit/budgets";
import { appendRateLimitFields } from "../rate-limit/headers";
import type { AppEnv, AuthEnv } from "./app-env";

/** Room for the multipart framing and the settings fields around the file. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

/** Caps an upload's body at MAX_PDF_BYTES (plus form framing) while it streams in, with 413 PDF_TOO_LARGE. */
export const limitUploadBody = createMiddleware<AuthEnv>((c, next) =>
  bodyLimit({
    maxSize: c.var.config.MAX_PDF_BYTES + FORM_OVERHEAD_BYTES,
    onError: () => {
      throw new ApiError("PDF_TOO_LARGE", {
        detail: `PDFs are limited to ${c.var.config.MAX_PDF_BYTES} bytes.`,
      });
    },
  })(c, next),
);

/** Caps a batch upload's body at MAX_BATCH_BYTES (plus form framing) while it streams in, with 413. */
export const limitBatchBody = createMiddleware<AuthEnv>((c, next) =>
  bodyLimit({
    maxSize: c.var.config.MAX_BATCH_BYTES + FORM_OVERHEAD_BYTES,
    onError: () => {
      throw new ApiError("PAYLOAD_TOO_LARGE", {
        detail: `A batch's files are limited to ${c.var.config.MAX_BATCH_BYTES} bytes in all.`,
      });
    },
  })(c, next),
);

/** Per-address budget for the unauthenticated sign-in routes, against credential stuffing and token guessing. */
export const limitSignInRate = createMiddleware<AppEnv>(async (c, next) => {
  const address = c.req.header("cf-connecting-ip") ?? "unknown";
  const decision = await consumeSignInBudget(c.env, c.var.config, address);
  await next();
  if (!decision) return;
  const policy = { name: "sign-in", key: `ip:${address}`, limit: decision.limit, windowSeconds: 60 };
  appendRateLimitFields(c.res.headers, { ...decision, policy });
});
