// Bundles the compiled server (apps/server/dist, which tsc emitted with decorator metadata that
// esbuild could not produce from the sources) into one file per entry point, so that a cold start
// reads two files instead of some thousands.
import { rm } from "node:fs/promises";
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
await build({
  entryPoints: {
    server: `${serverDist}main.js`,
    migrate: `${serverDist}db/migrate-command.js`,
  },
  outdir: `${root}/bundle`,
  outExtension: { ".js": ".mjs" },
  bundle: true,
  // Code reached only through import() (the MySQL driver, Apollo's optional plugins) goes into
  // chunks of its own, read only when used.
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  minify: true,
  platform: "node",
  target: "node20",
  format: "esm",
  external: EXTERNAL,
  // CommonJS dependencies call require(); an ES module has none unless it makes one.
  banner: {
    js: 'import { createRequire as kuraCreateRequire } from "node:module"; const require = kuraCreateRequire(import.meta.url);',
  },
  // Class names stay as written: MikroORM and type-graphql use them as entity and type names.
  keepNames: true,
  legalComments: "linked",
  plugins: [withoutUmzugCli],
  logLevel: "warning",
});
