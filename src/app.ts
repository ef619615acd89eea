import { createApp } from "./lib/create-app";
import { configureOpenApi } from "./lib/openapi";
import { apiKeys } from "./routes/api-keys/api-keys.index";
import { auth } from "./routes/auth/auth.index";
import { health } from "./routes/health/health.index";
import { history } from "./routes/history/history.index";
import { jobsRouter } from "./routes/jobs/jobs.index";
import { API_PREFIX } from "./routes/prefix";
import { settings } from "./routes/settings/settings.index";

/** Builds the whole HTTP API: health at the root, resources under `/api/v1`, docs under `/api`. */
export function buildApp() {
  const app = createApp();
  configureOpenApi(app);
  app.route("/", health);
  app.route(API_PREFIX, auth);
  app.route(API_PREFIX, apiKeys);
  app.route(API_PREFIX, settings);
  app.route(API_PREFIX, jobsRouter);
  app.route(API_PREFIX, history);
  return app;
}

export { API_PREFIX };
