import { name, version } from "../../../package.json";
import type { AppRouteHandler } from "../router";
import { checkDependencies } from "./check-dependencies";
import type * as routes from "./health.routes";

/** `GET /health`: the worker answers, touching no dependency. */
export const liveness: AppRouteHandler<typeof routes.liveness> = (c) =>
  c.json(
    {
      status: "ok" as const,
      service: name,
      version,
      commit: c.var.config.GIT_COMMIT,
      environment: c.var.config.ENVIRONMENT,
    },
    200,
  );

/** `GET /health/ready`: every binding probed; 503 when one is down. */
export const readiness: AppRouteHandler<typeof routes.readiness> = async (c) => {
  const report = await checkDependencies(c.env);
  return c.json(report, report.status === "ok" ? 200 : 503);
};
