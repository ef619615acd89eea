// Lets Node load the worker's modules outside workerd (`npm run openapi` reads the route declarations):
// `cloudflare:*` modules resolve to a stub. Their classes are only declared, never run, by such scripts.
import { registerHooks } from "node:module";

const STUB = `data:text/javascript,${encodeURIComponent(
  "export class DurableObject { constructor(ctx, env) { this.ctx = ctx; this.env = env; } }\n" +
    "export class WorkerEntrypoint {}\nexport const env = {};\n",
)}`;

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier.startsWith("cloudflare:")) return { url: STUB, shortCircuit: true };
    return nextResolve(specifier, context);
  },
});
