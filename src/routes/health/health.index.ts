import pkg from "../../../package.json";
import { createRouter } from "../router";
import { checkDependencies } from "./check-dependencies";
import { liveness, readiness } from "./health.routes";

export const health = createRouter()
  .openapi(liveness, (c) =>
    c.json(
      {
        status: "ok" as const,
        service: pkg.name,
        version: pkg.version,
        commit: c.var.config.GIT_COMMIT,
        environment: c.var.config.ENVIRONMENT,
      },
      200,
    ),
  )
  .openapi(readiness, async (c) => {
    const report = await checkDependencies(c.env);
    return c.json(report, report.status === "ok" ? 200 : 503);
  });
