import { execFile, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type KuraProcess, startKuraProcess } from "@kura/test-kura";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../kura_client.py");

function python(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      "python3",
      [SCRIPT, ...args],
      { encoding: "utf8", env: { PATH: process.env.PATH ?? "" } },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: number }).code) : 0, stdout, stderr });
      },
    );
  });
}

describe("the Python example client", () => {
  let kura: KuraProcess;
  let dir: string;

  beforeAll(async () => {
    kura = await startKuraProcess();
    dir = await mkdtemp(path.join(tmpdir(), "kura-python-test-"));
  });

  afterAll(async () => {
    await kura?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("uploads a ZIP, then lists it", async () => {
    await writeFile(path.join(dir, "data.bin"), randomBytes(300_000));
    const zip = path.join(dir, "from python ü.zip");
    execFileSync("zip", ["-q", "-0", zip, "data.bin"], { cwd: dir });
    const sha256 = execFileSync("sha256sum", [zip], { encoding: "utf8" }).split(" ")[0];

    const upload = await python(["--url", kura.url, "upload", zip]);
    expect(upload.code, upload.stderr).toBe(0);
    const [id, printedSha] = upload.stdout.trim().split("  ");
    expect(printedSha).toBe(sha256);

    const list = await python(["--url", kura.url, "ls"]);
    expect(list.code, list.stderr).toBe(0);
    const uploads = list.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(uploads).toContainEqual(
      expect.objectContaining({ id, filename: "from python ü.zip", sha256, entryCount: 1 }),
    );
  });

  it("reports the server's code when it refuses", async () => {
    const bad = path.join(dir, "bad.zip");
    await writeFile(bad, "not a zip at all\n");

    const result = await python(["--url", kura.url, "upload", bad]);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain("INVALID_ZIP");
  });
});
