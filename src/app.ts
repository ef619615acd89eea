import { requestId } from "hono/request-id";
import { limitBody } from "./middleware/body-limit";
import { withConfig } from "./middleware/config";
import { corsFromConfig } from "./middleware/cors";
import { withDatabase } from "./middleware/database";
import { handleError, notFound } from "./middleware/handle-error";
import { refuseOtherMethods } from "./middleware/method-not-allowed";
import { recordRequestMetrics } from "./middleware/metrics";
import { privateResponses } from "./middleware/private-responses";
import { limitAnonymousRequests } from "./middleware/rate-limit";
import { requestLog } from "./middleware/request-log";
import { securityHeaders } from "./middleware/security-headers";
import { account } from "./routes/account/account.index";
import { admin } from "./routes/admin/admin.index";
import { apiKeys } from "./routes/api-keys/api-keys.index";
import { auth } from "./routes/auth/auth.index";
import { batchRoutes } from "./routes/batches/batches.index";
import { BATCHES_PATH } from "./routes/batches/batches.routes";
import { exportRoutes } from "./routes/exports/exports.index";
import { health } from "./routes/health/health.index";
import { history } from "./routes/history/history.index";
import { jobs } from "./routes/jobs/jobs.index";
import { progress } from "./routes/jobs/progress.index";
import { upload } from "./routes/jobs/upload.index";
import { ESTIMATE_PATH, UPLOAD_PATH } from "./routes/jobs/upload.routes";
import { configureOpenApi } from "./routes/openapi";
import { API_PREFIX } from "./routes/prefix";
import { createRouter } from "./routes/router";
import { settings } from "./routes/settings/settings.index";
import { usage } from "./routes/usage/usage.index";
import { webhooks } from "./routes/webhooks/webhooks.index";

export interface AppOptions {
  /** Paths whose route applies its own, larger body limit (file uploads) instead of the default one. */
  largeBodyRoutes?: readonly string[];
}

/** The root app: request id, logging, metrics, configuration, database, security headers, CORS, body limits, errors. */
export function createApp({ largeBodyRoutes = [] }: AppOptions = {}) {
  const app = createRouter();
  app.use(requestId({ limitLength: 128 }));
  app.use(requestLog());
  app.use(recordRequestMetrics());
  app.use(withConfig());
  app.use(withDatabase());
  app.use(securityHeaders());
  app.use(corsFromConfig());
  app.use(limitAnonymousRequests());
  app.use(limitBody({ except: largeBodyRoutes }));
  app.use(refuseOtherMethods(app));
  app.notFound(notFound);
  app.onError(handleError);
  return app;
}

/**
 * Builds the whole HTTP API: health at the root, docs under `/api` (public), resources under `/api/v1` (private:
 * never stored by a cache).
 */
export function buildApp() {
  const app = createApp({
    largeBodyRoutes: [
      `${API_PREFIX}${UPLOAD_PATH}`,
      `${API_PREFIX}${BATCHES_PATH}`,
      `${API_PREFIX}${ESTIMATE_PATH}`,
    ],
  });
  configureOpenApi(app);
  app.use(`${API_PREFIX}/*`, privateResponses());
  app.route("/", health);
  app.route(API_PREFIX, auth);
  app.route(API_PREFIX, apiKeys);
  app.route(API_PREFIX, settings);
  app.route(API_PREFIX, upload);
  app.route(API_PREFIX, jobs);
  app.route(API_PREFIX, progress);
  app.route(API_PREFIX, history);
  app.route(API_PREFIX, exportRoutes);
  app.route(API_PREFIX, batchRoutes);
  app.route(API_PREFIX, webhooks);
  app.route(API_PREFIX, usage);
  app.route(API_PREFIX, admin);
  app.route(API_PREFIX, account);
  return app;
}
