// Starts the API reference on the page served by `GET /api/docs`. A file rather than an inline script, so the
// page's Content-Security-Policy allows scripts from this origin only; loaded before the UI's bundle.
//
// Zod, inside the bundle, probes `Function("")` to decide whether to compile its validators; `jitless` skips
// the probe, which the policy (no eval) would otherwise report as a violation.
globalThis.__zod_globalConfig = { ...globalThis.__zod_globalConfig, jitless: true };

document.addEventListener("DOMContentLoaded", () => {
  const app = document.getElementById("app");
  window.Scalar.createApiReference(app, {
    url: app.dataset.url,
    // The API is small: every operation is listed at once.
    defaultOpenAllTags: true,
    // Everything that would reach outside the worker is off: web fonts, telemetry, the hosted AI agent and
    // the developer toolbar.
    withDefaultFonts: false,
    telemetry: false,
    agent: { disabled: true },
    showDeveloperTools: "never",
  });
});
