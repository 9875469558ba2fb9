// Runs a CommonJS file the way Node's own loader would, but through vm.Script, which is the one
// interface Node 20 offers for V8's code cache: with a cache written at build time, V8 takes the
// compiled functions from it instead of parsing and compiling megabytes of bundled source on
// every cold start.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import vm from "node:vm";

/** The bundled server's name in stack traces (see compileCommonJs). */
export const SERVER_SCRIPT_NAME = "bundle/server.cjs";

/**
 * Where the code cache of `file` is kept: next to it.
 * @param {string} file
 */
export function codeCachePath(file) {
  return `${file}.v8-cache`;
}

/**
 * Compiles `file` (an absolute path to a CommonJS script) with its code cache when there is one.
 * V8 checks the cache against the source and its own version and flags, and silently compiles
 * from source when they differ, so a stale or foreign cache costs time, never correctness.
 *
 * `name` is the script's name in stack traces. A cached script keeps the name it had when the
 * cache was written, so it must not depend on the folder: give a path relative to the folder the
 * process runs in (e.g. `bundle/server.cjs`), the same when writing the cache and when using it.
 * @param {string} file
 * @param {string} name
 * @returns {{ script: vm.Script, cacheAccepted: boolean, run(): void }}
 */
export function compileCommonJs(file, name) {
  const source = readFileSync(file, "utf8");
  /** @type {Buffer | undefined} */
  let cachedData;
  try {
    cachedData = readFileSync(codeCachePath(file));
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code !== "ENOENT") throw error;
  }
  // The same wrapper as Node's CommonJS loader; it keeps the first line's code on line 1, so
  // stack traces point at the right lines of the file.
  const script = new vm.Script(
    `(function (exports, require, module, __filename, __dirname) {${source}\n})`,
    {
      filename: name,
      cachedData,
      importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    },
  );
  return {
    script,
    cacheAccepted: cachedData !== undefined && !script.cachedDataRejected,
    run() {
      const module = { exports: {} };
      script.runInThisContext()(
        module.exports,
        createRequire(file),
        module,
        file,
        path.dirname(file),
      );
    },
  };
}
