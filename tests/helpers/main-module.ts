/**
 * The pool runs every request to SELF, every queue batch and every Durable Object call through a wrapper that
 * imports the worker's main module again, and Vite's module runner answers each import by asking the Vitest
 * process whether the module changed: a socket round trip per call, about 4,700 in a run of the suite, which
 * cost it about a seventh of its time. Within one test file the module cannot change, so its first import is
 * kept until the next file starts (this file is imported by tests/setup.ts, which runs before each test file,
 * so a watch-mode rerun after an edit still loads the new code).
 *
 * It keys on the main module's path alone: every other import goes to Vite's runner as before. Should the pool
 * stop exposing its runner, nothing is kept and tests run as they did.
 */

interface ModuleRunner {
  import(url: string): Promise<unknown>;
}

const MAIN_MODULE = /\/src\/worker\.ts$/;
const ORIGINAL_IMPORT = Symbol.for("french-novel-tool.tests.originalImport");

export function keepMainModulePerFile(): void {
  const runner = (globalThis as { __vitest_mocker__?: { moduleRunner?: ModuleRunner } }).__vitest_mocker__
    ?.moduleRunner;
  if (!runner || typeof runner.import !== "function") return;
  const state = runner as ModuleRunner & { [ORIGINAL_IMPORT]?: ModuleRunner["import"] };
  state[ORIGINAL_IMPORT] ??= runner.import;
  const original = state[ORIGINAL_IMPORT];
  let main: Promise<unknown> | undefined;
  runner.import = function (this: ModuleRunner, url: string) {
    if (!MAIN_MODULE.test(url)) return original.call(this, url);
    main ??= original.call(this, url).catch((error: unknown) => {
      // A failed import is not kept: the next call tries again, as it would without this.
      main = undefined;
      throw error;
    });
    return main;
  };
}
