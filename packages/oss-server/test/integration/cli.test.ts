import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ACCESS_KEY_ID, ACCESS_KEY_SECRET, createClient } from "../helpers/server.js";

const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));
const built = existsSync(CLI);

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      text += chunk.toString("utf8");
      if (text.includes("\n")) resolve(text.slice(0, text.indexOf("\n")));
    });
    child.once("exit", (code) => reject(new Error(`CLI exited with ${code} before printing`)));
  });
}

describe("kura-oss-server CLI", () => {
  if (!built) console.warn(`skipping CLI test: ${CLI} is missing; run the build first`);

  it.skipIf(!built)(
    "prints its endpoint, serves ali-oss and stops cleanly on SIGTERM",
    async () => {
      const dir = await mkdtemp(join(tmpdir(), "kura-oss-cli-"));
      const child = spawn(
        process.execPath,
        [CLI, "--port", "0", "--dir", dir, "--bucket", "kura", "--quiet"],
        {
          env: {
            ...process.env,
            KURA_OSS_ACCESS_KEY_ID: ACCESS_KEY_ID,
            KURA_OSS_ACCESS_KEY_SECRET: ACCESS_KEY_SECRET,
          },
          stdio: ["ignore", "pipe", "inherit"],
        },
      );
      try {
        const line = await firstLine(child);
        const endpoint = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1];
        expect(endpoint).toBeDefined();

        await createClient(endpoint ?? "").put("cli.txt", Buffer.from("from cli"));
        expect((await createClient(endpoint ?? "").get("cli.txt")).content.toString()).toBe(
          "from cli",
        );

        const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        expect(await exited).toBe(0);
      } finally {
        child.kill("SIGKILL");
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
});
