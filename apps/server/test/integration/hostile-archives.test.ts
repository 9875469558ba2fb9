import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run, scratchDir, writeTree } from "../support/archives.js";
import { uploadZip } from "../support/graphql-client.js";
import { type DatabaseKind, startTestKura, type TestKura } from "../support/kura.js";
import { storedState } from "../support/state.js";

interface Expected {
  code: string;
  reason: string;
  entry?: string;
  limit?: string;
}

describe.each<DatabaseKind>(["sqlite", "mysql"])("hostile archives on %s", (kind) => {
  let kura: TestKura;
  let dir: string;

  beforeAll(async () => {
    kura = await startTestKura(kind, { KURA_ZIP_MAX_ENTRIES: "50" });
    dir = await scratchDir();
    // One accepted upload, so that "unchanged" is checked against rows that exist.
    await writeTree(dir, { "ok.txt": "fine\n" });
    run("zip", ["-q", "ok.zip", "ok.txt"], dir);
    const ok = await uploadZip(kura.url, {
      filename: "ok.zip",
      content: { path: path.join(dir, "ok.zip") },
    });
    expect(ok.body.errors).toBeUndefined();
  });

  afterAll(async () => {
    await kura?.stop();
  });

  /** Writes an archive with Python's zipfile, which keeps whatever name it is given. */
  async function pythonZip(name: string, lines: string[]): Promise<Buffer> {
    const file = path.join(dir, name);
    const body = lines.map((line) => `    ${line}`).join("\n");
    run(
      "python3",
      [
        "-c",
        `import zipfile\nwith zipfile.ZipFile(${JSON.stringify(file)}, "w", zipfile.ZIP_DEFLATED) as z:\n${body}`,
      ],
      dir,
    );
    return readFile(file);
  }

  async function expectRefused(content: Uint8Array, expected: Expected): Promise<void> {
    const before = await storedState(kura);
    const response = await uploadZip(kura.url, { filename: "hostile.zip", content });

    expect(response.status).toBe(422);
    expect(response.body.data ?? null).toBeNull();
    const extensions = response.body.errors?.[0]?.extensions ?? {};
    expect({
      code: extensions.code,
      reason: extensions.reason,
      entry: extensions.entry,
      limit: extensions.limit,
    }).toEqual({ entry: undefined, limit: undefined, ...expected });
    expect(await storedState(kura)).toEqual(before);
  }

  it("refuses .. traversal, with slashes and backslashes", async () => {
    const slash = await pythonZip("t1.zip", [
      `z.writestr("ok.txt", "x")`,
      `z.writestr("a/../../etc/cron.d/x", "x")`,
    ]);
    await expectRefused(slash, {
      code: "UNSAFE_ENTRY",
      reason: "path_traversal",
      entry: "a/../../etc/cron.d/x",
    });
    const backslash = await pythonZip("t2.zip", [`z.writestr("..\\\\evil.bat", "x")`]);
    await expectRefused(backslash, {
      code: "UNSAFE_ENTRY",
      reason: "path_traversal",
      entry: "..\\evil.bat",
    });
  });

  it("refuses absolute paths and drive letters", async () => {
    const absolute = await pythonZip("abs.zip", [`z.writestr("/etc/passwd", "x")`]);
    await expectRefused(absolute, {
      code: "UNSAFE_ENTRY",
      reason: "absolute_path",
      entry: "/etc/passwd",
    });
    const drive = await pythonZip("drive.zip", [`z.writestr("C:/evil.dll", "x")`]);
    await expectRefused(drive, {
      code: "UNSAFE_ENTRY",
      reason: "drive_letter",
      entry: "C:/evil.dll",
    });
  });

  it("refuses a symlink stored by zip -y", async () => {
    run("sh", ["-c", "mkdir -p s && ln -sf /etc/shadow s/link && zip -qry sym.zip s"], dir);
    await expectRefused(await readFile(path.join(dir, "sym.zip")), {
      code: "UNSAFE_ENTRY",
      reason: "symlink",
      entry: "s/link",
    });
  });

  it("refuses duplicate names and control characters", async () => {
    const twice = await pythonZip("dup.zip", [
      `z.writestr("a.txt", "1")`,
      `z.writestr("a.txt", "2")`,
    ]);
    await expectRefused(twice, { code: "UNSAFE_ENTRY", reason: "duplicate_name", entry: "a.txt" });
    const control = await pythonZip("ctl.zip", [`z.writestr("a\\x1b[31m.txt", "x")`]);
    await expectRefused(control, {
      code: "UNSAFE_ENTRY",
      reason: "control_character",
      entry: "a\x1b[31m.txt",
    });
  });

  it("refuses an archive encrypted by zip -P", async () => {
    run("sh", ["-c", "echo secret > secret.txt && zip -q -P pw enc.zip secret.txt"], dir);
    await expectRefused(await readFile(path.join(dir, "enc.zip")), {
      code: "ENCRYPTED_ENTRY",
      reason: "zipcrypto",
      entry: "secret.txt",
    });
  });

  it("refuses a zip bomb: 30 MB of zeros in one entry", async () => {
    run("sh", ["-c", "head -c 30000000 /dev/zero > zeros.bin && zip -q bomb.zip zeros.bin"], dir);
    await expectRefused(await readFile(path.join(dir, "bomb.zip")), {
      code: "ZIP_BOMB",
      reason: "entry_ratio",
      entry: "zeros.bin",
    });
  });

  it("refuses more entries than KURA_ZIP_MAX_ENTRIES", async () => {
    const many = await pythonZip("many.zip", [
      "for i in range(51):",
      `    z.writestr(f"f{i}.txt", "x")`,
    ]);
    await expectRefused(many, {
      code: "LIMIT_EXCEEDED",
      reason: "max_entries",
      limit: "maxEntries",
      entry: "f50.txt",
    });
  });

  it("refuses bytes after the end record", async () => {
    const good = await readFile(path.join(dir, "ok.zip"));
    await expectRefused(Buffer.concat([good, Buffer.from("appended")]), {
      code: "INVALID_ZIP",
      reason: "trailing_data",
    });
  });
});
