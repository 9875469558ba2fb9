import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { migrations } from "../../server/src/db/migrations/index.js";
import { findPipWheel, sha256sum } from "../../server/test/support/archives.js";
import { type ChildServer, spawnServer } from "../../server/test/support/child-server.js";
import { query, uploadZip } from "../../server/test/support/graphql-client.js";

const REPO = fileURLToPath(new URL("../../..", import.meta.url));
const MYSQL = { host: "127.0.0.1", port: "3306", user: "root" };

function mysql(sql: string): void {
  execFileSync("mysql", ["-h", MYSQL.host, "-P", MYSQL.port, "-u", MYSQL.user, "-e", sql]);
}

describe("the production build, outside the workspace", () => {
  let scratch: string;
  let out: string;
  const servers: ChildServer[] = [];
  const databases: string[] = [];

  beforeAll(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), "kura-production-"));
    out = path.join(scratch, "app");
    execFileSync("bash", [path.join(REPO, "scripts/build-production.sh"), out], {
      stdio: ["ignore", "ignore", "inherit"],
    });
  });

  afterEach(async () => {
    for (const server of servers.splice(0)) await server.kill();
  });

  afterAll(async () => {
    for (const name of databases) mysql(`DROP DATABASE IF EXISTS \`${name}\``);
    await rm(scratch, { recursive: true, force: true });
  });

  async function start(env: Record<string, string>): Promise<ChildServer> {
    const server = await spawnServer({
      entry: "bundle/server.mjs",
      cwd: out,
      env: { LOG_LEVEL: "info", ...env },
    });
    servers.push(server);
    return server;
  }

  it("holds the bundle, the explorer's files and only the packages that cannot be bundled", async () => {
    const bundle = await readdir(path.join(out, "bundle"));
    expect(bundle.filter((f) => /\.(mjs|cjs)$/.test(f)).sort()).toEqual([
      "commonjs-script.mjs",
      "migrate.mjs",
      "server.cjs",
      "server.mjs",
    ]);
    expect(bundle).toContain("server.cjs.v8-cache");
    expect(await readdir(path.join(out, "node_modules"))).toEqual([
      ".modules.yaml",
      ".pnpm",
      "@kura",
      "libsql",
      "mysql2",
    ]);
    // The explorer is its built files alone: its React and GraphiQL sources stay behind.
    expect((await readdir(path.join(out, "node_modules/@kura/graphiql"))).sort()).toEqual([
      "dist",
      "package.json",
    ]);
  });

  it("carries a code cache for the server that this Node accepts", () => {
    // A fresh process, as at a cold start: V8 rejects a cache made under other flags.
    const accepted = execFileSync(
      process.execPath,
      [
        "--input-type=module",
        "--eval",
        `import { compileCommonJs, SERVER_SCRIPT_NAME } from "./bundle/commonjs-script.mjs";
         const server = compileCommonJs(process.cwd() + "/bundle/server.cjs", SERVER_SCRIPT_NAME);
         process.stdout.write(String(server.cacheAccepted));`,
      ],
      { cwd: out, encoding: "utf8" },
    );
    expect(accepted).toBe("true");
  });

  it("serves /healthz, /readyz and an upload on the embedded default", async () => {
    const wheel = findPipWheel();
    const dataDir = path.join(scratch, "data-sqlite");
    const server = await start({ KURA_DATA_DIR: dataDir });

    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const readyz = await fetch(`${server.url}/readyz`);
    expect(await readyz.json()).toEqual({
      status: "ready",
      checks: { database: "ok", storage: "ok" },
    });

    if (!wheel) return console.warn("skipping the upload: this Python has no bundled pip wheel");
    const upload = await uploadZip(server.url, { filename: "pip.whl", content: { path: wheel } });
    expect(upload.body.errors).toBeUndefined();
    expect((upload.body.data as { uploadZip: { sha256: string } }).uploadZip.sha256).toBe(
      sha256sum(wheel),
    );
  });

  it("migrates with bundle/migrate.mjs, then serves MySQL without migrating at start", async () => {
    const database = `kura_test_${randomBytes(6).toString("hex")}`;
    databases.push(database);
    const env = {
      MYSQL_HOST: MYSQL.host,
      MYSQL_PORT: MYSQL.port,
      MYSQL_USER: MYSQL.user,
      MYSQL_DATABASE: database,
      KURA_DATA_DIR: path.join(scratch, "data-mysql"),
    };

    const migrated = execFileSync(process.execPath, ["bundle/migrate.mjs"], {
      cwd: out,
      env: { PATH: process.env.PATH ?? "", ...env },
      encoding: "utf8",
    });
    const migratedLine = JSON.parse(migrated.trim().split("\n").at(-1) ?? "{}");
    expect(migratedLine).toMatchObject({
      event: "db.migrated",
      applied: migrations.map((m) => m.name),
    });

    const server = await start({ ...env, KURA_MIGRATE_ON_START: "false" });
    expect(server.logs.map((l) => l.event)).not.toContain("db.migrated");
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    const listed = await query<{ uploads: { totalCount: number } }>(
      server.url,
      "{ uploads { totalCount } }",
    );
    expect(listed.body.data?.uploads.totalCount).toBe(0);
  });
});
