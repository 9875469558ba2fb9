import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CHUNK_SIZES, inspect } from "./support/inspect.js";
import { hasCommand, python, scratch, sh, unzipCount } from "./support/tools.js";

const haveTools = ["zip", "unzip", "python3"].every(hasCommand);
if (!haveTools) console.warn("SKIPPED: tool-made archives need zip, unzip and python3 on PATH.");

/** A small tree with text, incompressible data, an empty file and an empty folder. */
function makeTree(root: string): void {
  mkdirSync(join(root, "tree/sub/deeper"), { recursive: true });
  mkdirSync(join(root, "tree/empty"));
  writeFileSync(join(root, "tree/readme.txt"), "Kura stores archives.\n".repeat(500));
  writeFileSync(join(root, "tree/sub/random.bin"), randomBytes(150_000));
  writeFileSync(join(root, "tree/sub/deeper/empty.txt"), "");
  writeFileSync(join(root, "tree/sub/deeper/日本語.txt"), "名前\n".repeat(100));
}

/** Inspects `file` in every chunk size and checks the count against unzip's listing. */
async function expectMatchesUnzip(file: string, verified = true) {
  const bytes = readFileSync(file);
  const count = unzipCount(file);
  for (const chunk of CHUNK_SIZES) {
    const summary = await inspect(bytes, chunk);
    expect([chunk, summary.entryCount]).toEqual([chunk, count]);
    expect(summary.verified).toBe(verified);
  }
  return inspect(bytes);
}

describe.skipIf(!haveTools)("archives made by real tools", () => {
  it("reads zip -r, with descriptors (-fd) and forced ZIP64 (-fz)", async () => {
    using dir = scratch();
    makeTree(dir.path);
    sh(
      "zip -qr plain.zip tree && zip -qr -fd described.zip tree && zip -qr -fz wide.zip tree",
      dir.path,
    );
    const plain = await expectMatchesUnzip(join(dir.path, "plain.zip"));
    expect(plain.entries.map((entry) => entry.path)).toContain("tree/sub/deeper/日本語.txt");
    expect(plain.entries.find((entry) => entry.path === "tree/empty/")?.isDirectory).toBe(true);
    await expectMatchesUnzip(join(dir.path, "described.zip"));
    const wide = await expectMatchesUnzip(join(dir.path, "wide.zip"));
    expect(wide.zip64).toBe(true);
  });

  it("reads zip streamed to a pipe, deflated and stored (data descriptors)", async () => {
    using dir = scratch();
    makeTree(dir.path);
    sh("zip -qr - tree | cat > streamed.zip && zip -qr0 - tree | cat > stored.zip", dir.path);
    sh("head -c 300000 /dev/urandom | zip -q - - | cat > stdin.zip", dir.path);
    const streamed = await expectMatchesUnzip(join(dir.path, "streamed.zip"));
    expect(streamed.entries.every((entry) => entry.verified)).toBe(true);
    const stored = await expectMatchesUnzip(join(dir.path, "stored.zip"));
    expect(stored.entries.every((entry) => entry.method === 0)).toBe(true);
    const stdin = await expectMatchesUnzip(join(dir.path, "stdin.zip"));
    expect([stdin.entries[0]?.path, stdin.entries[0]?.size]).toEqual(["-", 300_000]);
  });

  it("reads python's zipfile: stored, forced ZIP64, unseekable output, bzip2", async () => {
    using dir = scratch();
    python(
      `
import zipfile, sys
with zipfile.ZipFile("stored.zip", "w", zipfile.ZIP_STORED) as z:
    z.writestr("a.txt", "stored " * 1000)
    z.writestr("dir/", "")
with zipfile.ZipFile("zip64.zip", "w", zipfile.ZIP_DEFLATED) as z:
    for name in ("x.txt", "y.txt"):
        with z.open(name, "w", force_zip64=True) as f:
            f.write(b"forced zip64 " * 5000)
with zipfile.ZipFile(sys.stdout.buffer, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("piped.txt", "through a pipe " * 1000)
    z.writestr("piped-stored.txt", "no compression " * 100, zipfile.ZIP_STORED)
`,
      dir.path,
    );
    sh(
      `python3 -c '
import zipfile, sys
with zipfile.ZipFile(sys.stdout.buffer, "w") as z:
    z.writestr("piped.txt", "through a pipe " * 1000, zipfile.ZIP_DEFLATED)
    z.writestr("piped-stored.txt", "no compression " * 100)
' | cat > piped.zip`,
      dir.path,
    );
    python(
      `
import zipfile
with zipfile.ZipFile("bzip2.zip", "w", zipfile.ZIP_BZIP2) as z:
    z.writestr("b.txt", "bzip2 " * 1000)
`,
      dir.path,
    );
    await expectMatchesUnzip(join(dir.path, "stored.zip"));
    const zip64 = await expectMatchesUnzip(join(dir.path, "zip64.zip"));
    expect(zip64.zip64).toBe(true);
    const piped = await expectMatchesUnzip(join(dir.path, "piped.zip"));
    expect(piped.entries.map((entry) => entry.size)).toEqual([15_000, 1_500]);
    const bzip2 = await expectMatchesUnzip(join(dir.path, "bzip2.zip"), false);
    expect(bzip2.entries[0]?.method).toBe(12);
  });

  it("reads an archive of more than 65,535 entries (ZIP64 end record)", async () => {
    using dir = scratch();
    python(
      `
import zipfile
with zipfile.ZipFile("many.zip", "w", zipfile.ZIP_STORED) as z:
    for i in range(70000):
        z.writestr(f"f/{i}", b"")
`,
      dir.path,
    );
    const file = join(dir.path, "many.zip");
    const summary = await inspect(readFileSync(file));
    expect(summary.entryCount).toBe(unzipCount(file));
    expect(summary.entryCount).toBe(70_000);
    expect(summary.zip64).toBe(true);
  });

  it("reads python -m zipfile -c output", async () => {
    using dir = scratch();
    makeTree(dir.path);
    sh("python3 -m zipfile -c cli.zip tree", dir.path);
    await expectMatchesUnzip(join(dir.path, "cli.zip"));
  });

  it("reads a stub prepended with cat, before and after zip -A", async () => {
    using dir = scratch();
    makeTree(dir.path);
    const stub = Buffer.concat([
      Buffer.from('#!/bin/sh\nexec java -jar "$0"\n'),
      randomBytes(4000),
    ]);
    writeFileSync(join(dir.path, "stub.bin"), stub);
    sh("zip -qr a.zip tree && cat stub.bin a.zip > raw.zip && cp raw.zip fixed.zip", dir.path);
    sh("zip -qA fixed.zip", dir.path);
    for (const name of ["raw.zip", "fixed.zip"]) {
      const summary = await expectMatchesUnzip(join(dir.path, name));
      expect(summary.prefixBytes).toBe(stub.byteLength);
    }
  });

  it.skipIf(!hasCommand("jar"))("reads jar output (descriptors on every entry)", async () => {
    using dir = scratch();
    makeTree(dir.path);
    sh("jar cf app.jar -C tree .", dir.path);
    const summary = await expectMatchesUnzip(join(dir.path, "app.jar"));
    expect(summary.entries[0]?.path).toBe("META-INF/");
  });
});
