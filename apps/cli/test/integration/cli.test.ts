import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type KuraProcess, startKuraProcess } from "@kura/test-kura";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const MAIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../dist/main.js");

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built `kura` binary as a user would, stdout and stderr being pipes. */
function kura(args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [MAIN, ...args],
      { env: { PATH: process.env.PATH ?? "", ...env }, encoding: "utf8" },
      (error, stdout, stderr) => {
        const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe("the kura command line", () => {
  let server: KuraProcess;
  let dir: string;
  let good: string;
  let other: string;
  let tree: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    server = await startKuraProcess();
    env = { KURA_URL: server.url };
    dir = await mkdtemp(path.join(tmpdir(), "kura-cli-test-"));
    await writeFile(path.join(dir, "data.bin"), randomBytes(200_000));
    good = path.join(dir, "good.zip");
    other = path.join(dir, "other.zip");
    await new Promise<void>((resolve, reject) =>
      execFile("zip", ["-q", "-0", good, "data.bin"], { cwd: dir }, (e) =>
        e ? reject(e) : resolve(),
      ),
    );
    await new Promise<void>((resolve, reject) =>
      execFile("zip", ["-q", other, "data.bin"], { cwd: dir }, (e) => (e ? reject(e) : resolve())),
    );
    // Lists as: src/, src/a.txt, src/b.txt, src/lib/, src/lib/c.txt, top.txt.
    await mkdir(path.join(dir, "src", "lib"), { recursive: true });
    for (const file of ["src/a.txt", "src/b.txt", "src/lib/c.txt", "top.txt"]) {
      await writeFile(path.join(dir, file), `${file}\n`);
    }
    tree = path.join(dir, "tree.zip");
    await new Promise<void>((resolve, reject) =>
      execFile("zip", ["-q", "-r", tree, "src", "top.txt"], { cwd: dir }, (e) =>
        e ? reject(e) : resolve(),
      ),
    );
  });

  /** Uploads a file through `kura upload --json` and answers its id. */
  async function uploadedId(file: string): Promise<string> {
    const result = await kura(["upload", file, "--json"], env);
    expect(result.code, result.stderr).toBe(0);
    const [upload] = JSON.parse(result.stdout) as { id: string }[];
    return upload?.id ?? "";
  }

  afterAll(async () => {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("uploads files and prints id and sha256 for each (exit 0)", async () => {
    const result = await kura(["upload", good, other], env);

    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^[0-9a-f-]{36}  [0-9a-f]{64}  ${good}$`));
    expect(lines[1]).toMatch(new RegExp(`^[0-9a-f-]{36}  [0-9a-f]{64}  ${other}$`));
    // Not a terminal: progress as plain lines, ending at the whole file.
    expect(result.stderr).toMatch(/good\.zip: 0% of 200\.\d kB/);
    expect(result.stderr).toMatch(/good\.zip: 100% of/);
    expect(result.stderr).not.toContain("\r");
    expect(result.stderr).not.toContain("\u001b[K");
  });

  it("reports a refusal with its code and still uploads the rest (exit 1)", async () => {
    const bad = path.join(dir, "bad.zip");
    await writeFile(bad, "this is not a zip\n");

    const result = await kura(["upload", bad, good], env);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`kura: ${bad}: refused: INVALID_ZIP (not_zip)`);
    expect(result.stdout).toContain(good);
  });

  it("checks the declared sha256 (exit 1 on a mismatch)", async () => {
    const result = await kura(["upload", good, "--sha256", "0".repeat(64)], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("CHECKSUM_MISMATCH");
  });

  it("lists uploads as a table, as JSON, filtered and across pages", async () => {
    const table = await kura(["ls"], env);
    expect(table.code, table.stderr).toBe(0);
    const [header, ...rows] = table.stdout.trim().split("\n");
    expect(header).toMatch(/^ID\s+SIZE\s+ENTRIES\s+CREATED\s+FILENAME$/);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows[0]).toMatch(/^[0-9a-f-]{36} {2,}\d+\.\d kB {2,}1 {2,}\S+Z {2,}good\.zip$/);

    const json = await kura(["ls", "--json", "--name", "OTHER"], env);
    const listed = JSON.parse(json.stdout) as { filename: string; size: number }[];
    expect(listed.map((u) => u.filename)).toEqual(["other.zip"]);

    const all = await kura(["ls", "--all", "--first", "1", "--json"], env);
    const first = await kura(["ls", "--first", "1", "--json"], env);
    expect(JSON.parse(first.stdout)).toHaveLength(1);
    expect(JSON.parse(all.stdout)).toHaveLength(rows.length);
  });

  it("shows one upload, and says NOT_FOUND for an unknown id (exit 1)", async () => {
    const [latest] = JSON.parse((await kura(["ls", "--json"], env)).stdout) as { id: string }[];
    const shown = await kura(["show", latest?.id ?? ""], env);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/^id: +[0-9a-f-]{36}$/m);
    expect(shown.stdout).toMatch(/^sha256: +[0-9a-f]{64}$/m);

    const json = await kura(["show", latest?.id ?? "", "--json"], env);
    expect(JSON.parse(json.stdout)).toMatchObject({ id: latest?.id });

    const missing = await kura(["show", "01890a5d-ac96-774b-bcce-b302099a8057"], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("NOT_FOUND");
  });

  it("shows an upload's entries: a page, all of them, under a prefix, and as JSON", async () => {
    const id = await uploadedId(tree);

    const shown = await kura(["show", id, "--entries", "2"], env);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/^verified: +yes$/m);
    const listed = shown.stdout.split("\n\n")[1]?.trim().split("\n") ?? [];
    expect(listed[0]).toMatch(/^SIZE\s+PACKED\s+MODIFIED\s+PATH$/);
    expect(listed.slice(1).map((row) => row.split(/\s+/).at(-1))).toEqual(["src/", "src/a.txt"]);
    expect(listed[2]).toMatch(/^10 +\d+ +\S+Z +src\/a\.txt$/);
    expect(shown.stdout).toContain("more entries: pass --entries N or --all-entries");

    const all = await kura(["show", id, "--all-entries", "--json"], env);
    const everything = JSON.parse(all.stdout) as {
      entries: { path: string }[];
      moreEntries: boolean;
    };
    expect(everything.entries.map((e) => e.path)).toEqual([
      "src/",
      "src/a.txt",
      "src/b.txt",
      "src/lib/",
      "src/lib/c.txt",
      "top.txt",
    ]);
    expect(everything.moreEntries).toBe(false);

    const under = await kura(["show", id, "--prefix", "src/lib/", "--json"], env);
    expect(JSON.parse(under.stdout)).toMatchObject({
      id,
      verified: true,
      entries: [
        { path: "src/lib/", isDirectory: true },
        { path: "src/lib/c.txt", size: 14 },
      ],
      moreEntries: false,
    });

    const none = await kura(["show", id, "--entries", "0"], env);
    expect(none.stdout).not.toContain("PATH");
    expect(none.stdout).not.toContain("more entries");
    expect(none.stdout).toMatch(/^entries: +6$/m);
  });

  it("prints a download link that serves the upload's bytes", async () => {
    const id = await uploadedId(good);

    const result = await kura(["url", id, "--expires-in", "120"], env);
    expect(result.code, result.stderr).toBe(0);
    const link = result.stdout.trim();
    expect(link.startsWith(server.url)).toBe(true);
    const downloaded = Buffer.from(await (await fetch(link)).arrayBuffer());
    expect(downloaded.equals(await readFile(good))).toBe(true);

    const json = await kura(["url", id, "--json"], env);
    expect(JSON.parse(json.stdout)).toMatchObject({ id, url: expect.stringMatching(/^http/) });

    const tooLong = await kura(["url", id, "--expires-in", "999999999"], env);
    expect(tooLong.code).toBe(1);
    expect(tooLong.stderr).toContain("BAD_USER_INPUT");

    const missing = await kura(["url", "01890a5d-ac96-774b-bcce-b302099a8057"], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("NOT_FOUND");
  });

  it("deletes uploads, and says NOT_FOUND for those there were none of (exit 1)", async () => {
    const first = await uploadedId(good);
    const second = await uploadedId(other);

    const result = await kura(["rm", first, second], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`deleted ${first}\ndeleted ${second}\n`);
    expect((await kura(["show", first], env)).code).toBe(1);

    const again = await kura(["rm", first, "--json"], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`kura: NOT_FOUND: no upload with id ${first}`);
    expect(JSON.parse(again.stdout)).toEqual([{ id: first, deleted: false }]);
  });

  it("sends headers from --header and KURA_HEADERS", async () => {
    const result = await kura(["ls", "--header", "X-Request-Id: cli-flag-1"], {
      ...env,
      KURA_HEADERS: "authorization: Bearer secret\nx-request-id: from-env",
    });
    expect(result.code, result.stderr).toBe(0);
    expect(server.logs.some((l) => l.requestId === "cli-flag-1")).toBe(true);
    expect(server.logs.some((l) => l.requestId === "from-env")).toBe(false);
  });

  it.each([
    [[], "Usage:"],
    [["frobnicate"], "Unknown command: frobnicate"],
    [["ls", "--colour"], "Unknown option '--colour'"],
    [["upload"], "Nothing to upload"],
    [["upload", "/nonexistent/a.zip"], "Not a readable file"],
    [["ls", "--first", "zero"], "--first takes a whole number"],
    [["ls", "--header", "no colon"], "A header must read"],
    [["show"], "Usage: kura show ID"],
    [["show", "x", "--entries=-1"], "--entries takes a whole number of at least 0"],
    [["show", "x", "--entries", "3", "--all-entries"], "exclude each other"],
    [["url"], "Usage: kura url ID"],
    [["url", "x", "--expires-in", "soon"], "--expires-in takes a whole number"],
    [["rm"], "Nothing to delete"],
  ])("exits 2 on a usage error: %j", async (args, message) => {
    const result = await kura(args, env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it("exits 2 when no server is given", async () => {
    const result = await kura(["ls"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("KURA_URL");
  });

  it("exits 3 when the server cannot be reached", async () => {
    const gone = await startKuraProcess();
    await gone.stop();

    const list = await kura(["ls", "--url", gone.url]);
    expect(list.code).toBe(3);
    expect(list.stderr).toContain("network failure");

    const upload = await kura(["upload", good, "--url", gone.url]);
    expect(upload.code).toBe(3);
  });

  it("prints help with exit 0", async () => {
    const result = await kura(["--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Exit codes: 0 ok, 1 refused by the server");
  });
});
