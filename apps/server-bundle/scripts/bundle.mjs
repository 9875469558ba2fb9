// Bundles the compiled server (apps/server/dist, which tsc emitted with decorator metadata that
// esbuild could not produce from the sources) into one file per entry point, so that a cold start
// reads a few files instead of some thousands, then writes the server's V8 code cache.
import { execFileSync } from "node:child_process";
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const serverDist = fileURLToPath(new URL("../../server/dist/", import.meta.url));

/**
 * Packages left out of the bundle. `libsql` loads its native binding by platform name at run
 * time, so it stays a real package; `mysql2` stays one too, because knex reaches it through a
 * require that the bundle would otherwise parse on every start, MySQL or not (both are this
 * package's `dependencies`). The rest are drivers that knex and MikroORM name but Kura never
 * loads (Kura passes its driver classes explicitly, and type-graphql's validation is off); they
 * are not installed at all.
 */
export const EXTERNAL = [
  "libsql",
  "mysql2",
  "mysql2/*",
  "better-sqlite3",
  "sqlite3",
  "mysql",
  "mariadb",
  "mariadb/*",
  "pg",
  "pg-query-stream",
  "oracledb",
  "tedious",
  "class-validator",
  // ali-oss's HTTP client (urllib) requires it only when told to use a proxy, which Kura never does.
  "proxy-agent",
];

/**
 * umzug (MikroORM's migration runner) requires its command-line front end at load time, and that
 * drags in @rushstack's command-line and file libraries, ajv and argparse: about a third of a
 * megabyte parsed on every start. Kura runs migrations through MikroORM's Migrator, which never
 * asks umzug for its CLI, so the bundle carries a stand-in that says so if anything ever does.
 * @type {import("esbuild").Plugin}
 */
const withoutUmzugCli = {
  name: "without-umzug-cli",
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /[\\/]umzug[\\/]lib[\\/]cli\.js$/ }, () => ({
      loader: "js",
      contents: `class UmzugCLI {
  constructor() {
    throw new Error("umzug's command line is not part of the Kura bundle; run migrations with bundle/migrate.mjs");
  }
}
module.exports = { UmzugCLI };`,
    }));
  },
};

await rm(`${root}/bundle`, { recursive: true, force: true });

/** @type {import("esbuild").BuildOptions} */
const common = {
  bundle: true,
  minify: true,
  platform: "node",
  target: "node20",
  external: EXTERNAL,
  // Class names stay as written: MikroORM and type-graphql use them as entity and type names.
  keepNames: true,
  legalComments: "linked",
  plugins: [withoutUmzugCli],
  logLevel: "warning",
};

// The server is one CommonJS script, because only a script (vm.Script) can use a V8 code cache on
// Node 20; bundle/server.mjs runs it. Code reached only through import() (the MySQL driver, the
// OSS store, Apollo's optional plugins) stays inside lazily run module wrappers, which V8 neither
// compiles nor runs until they are called.
await build({
  ...common,
  entryPoints: { server: `${serverDist}main.js` },
  outfile: `${root}/bundle/server.cjs`,
  format: "cjs",
  // graphiql-assets.ts resolves the explorer's package from its own location.
  define: { "import.meta.url": "kuraModuleUrl" },
  banner: { js: 'const kuraModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
});
// The ZIP inspector runs in a worker thread that @kura/zip starts from the file beside its own
// code: in the bundle, beside server.cjs (whose URL stands in for import.meta.url above).
await build({
  ...common,
  entryPoints: {
    "inspect-worker": fileURLToPath(
      new URL("../../../packages/zip/dist/inspect-worker.js", import.meta.url),
    ),
  },
  outdir: `${root}/bundle`,
  format: "esm",
});
await copyFile(`${root}/src/server.mjs`, `${root}/bundle/server.mjs`);
await copyFile(`${root}/src/commonjs-script.mjs`, `${root}/bundle/commonjs-script.mjs`);

// The migration command is not on the cold-start path; it stays an ES module.
await build({
  ...common,
  entryPoints: { migrate: `${serverDist}db/migrate-command.js` },
  outdir: `${root}/bundle`,
  outExtension: { ".js": ".mjs" },
  // Code reached only through import() (the MySQL driver) goes into chunks of its own.
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  format: "esm",
  // CommonJS dependencies call require(); an ES module has none unless it makes one.
  banner: {
    js: 'import { createRequire as kuraCreateRequire } from "node:module"; const require = kuraCreateRequire(import.meta.url);',
  },
});

// The code cache: V8 accepts it only from the same Node build and flags, which the image's
// build and runtime stages share (the same node base image).
const dataDir = await mkdtemp(path.join(tmpdir(), "kura-code-cache-"));
try {
  execFileSync(process.execPath, [`${root}/scripts/write-code-cache.mjs`], {
    env: { PATH: process.env.PATH, KURA_DATA_DIR: dataDir, LOG_LEVEL: "warn" },
    stdio: ["ignore", "inherit", "inherit"],
  });
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
