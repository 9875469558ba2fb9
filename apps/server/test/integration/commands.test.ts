import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrations } from "../../src/db/migrations/index.js";

const run = promisify(execFile);
const DIST = path.resolve(import.meta.dirname, "../../dist");

/** Runs a built entry point; resolves with its exit code and output instead of throwing. */
async function node(script: string, env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(DIST, script)], {
      env: { PATH: process.env.PATH ?? "", ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

function lastLine(output: string): Record<string, unknown> {
  return JSON.parse(output.trim().split("\n").at(-1) ?? "{}");
}

describe("the built commands", () => {
  let dataDir: string;

  beforeAll(async () => {
    if (!existsSync(path.join(DIST, "main.js"))) {
      throw new Error(`${DIST} is missing: run \`pnpm build\` (turbo builds it before tests)`);
    }
    dataDir = await mkdtemp(path.join(tmpdir(), "kura-commands-"));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("migrate applies the migrations once, then has nothing to do", async () => {
    const first = await node("db/migrate-command.js", { KURA_DATA_DIR: dataDir });
    const second = await node("db/migrate-command.js", { KURA_DATA_DIR: dataDir });

    expect(first.code, first.stderr).toBe(0);
    expect(lastLine(first.stdout)).toMatchObject({
      event: "db.migrated",
      applied: migrations.map((m) => m.name),
    });
    expect(second.code, second.stderr).toBe(0);
    expect(lastLine(second.stdout)).toMatchObject({ event: "db.migrated", applied: [] });
    expect(existsSync(path.join(dataDir, "kura.db"))).toBe(true);
  });

  it.each([
    ["main.js", { PORT: "abc" }, 'PORT="abc": expected a whole number from 0 to 65535'],
    ["main.js", { KURA_MAX_UPLOAD_BYTES: "-1" }, 'KURA_MAX_UPLOAD_BYTES="-1"'],
    ["db/migrate-command.js", { MYSQL_HOST: "127.0.0.1", MYSQL_PORT: "x" }, 'MYSQL_PORT="x"'],
  ])("%s stops on a bad setting and names it (%j)", async (script, env, message) => {
    const result = await node(script, { KURA_DATA_DIR: dataDir, ...env });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
  });
});
