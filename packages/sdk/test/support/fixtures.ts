import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

const scratchDirs: string[] = [];

/** A fresh folder under the system temp dir, removed by `removeScratchDirs`. */
export async function scratchDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "kura-sdk-test-"));
  scratchDirs.push(dir);
  return dir;
}

/** Removes every folder `scratchDir` made in this test file. */
export async function removeScratchDirs(): Promise<void> {
  const dirs = scratchDirs.splice(0);
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
}

/**
 * A real ZIP made by Info-ZIP's `zip`: a text file and `randomBytes` of incompressible data,
 * stored without compression so the archive's size follows `randomBytes`.
 */
export async function makeZip(dir: string, name: string, randomSize = 40_000): Promise<string> {
  await writeFile(path.join(dir, "notes.txt"), "some notes\n".repeat(200));
  await writeFile(path.join(dir, "random.bin"), randomBytes(randomSize));
  const file = path.join(dir, name);
  execFileSync("zip", ["-q", "-0", file, "notes.txt", "random.bin"], { cwd: dir });
  return file;
}

/** `sha256sum FILE` from coreutils: a witness independent of Node and of the server. */
export function sha256sum(file: string): string {
  return execFileSync("sha256sum", [file], { encoding: "utf8" }).split(" ")[0] ?? "";
}

/** The smallest valid ZIP: an end-of-central-directory record and no entries. */
export function emptyZip(): Buffer {
  const bytes = Buffer.alloc(22);
  bytes.writeUInt32LE(0x06054b50, 0);
  return bytes;
}

/**
 * The start of a ZIP whose one stored entry claims `size` bytes: a server reading it keeps
 * streaming the entry's data until the bytes stop, which lets a test cut an upload midway.
 */
export function zipEntryHeader(size: number): Buffer {
  const name = Buffer.from("big.bin");
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt32LE(size, 18);
  header.writeUInt32LE(size, 22);
  header.writeUInt16LE(name.length, 26);
  return Buffer.concat([header, name]);
}

/** A JDK's `src.zip`, the largest real archive machines of this kind carry, when present. */
export function findJdkSrcZip(): string | undefined {
  const preferred = "/usr/lib/jvm/temurin-25-jdk-amd64/lib/src.zip";
  if (existsSync(preferred)) return preferred;

  let jdks: string[] = [];
  try {
    jdks = execFileSync("ls", ["/usr/lib/jvm"], { encoding: "utf8" }).split("\n").filter(Boolean);
  } catch {
    return undefined;
  }
  return jdks.map((jdk) => path.join("/usr/lib/jvm", jdk, "lib", "src.zip")).find(existsSync);
}

/** Polls `check` until it passes or `timeoutMs` runs out, then runs it one last time. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * A ZIP written by Python's `zipfile`, which keeps entry names exactly as given (`../evil`
 * included), so tests can make archives that `zip` would refuse to write. Entries map names to
 * their text; `deflate` compresses them.
 */
export function pythonZip(
  file: string,
  entries: Record<string, string | { zeros: number }>,
  deflate = false,
): string {
  const script = [
    "import json, sys, zipfile",
    "file, entries, deflate = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3] == '1'",
    "method = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED",
    "with zipfile.ZipFile(file, 'w', method) as z:",
    "    for name, data in entries.items():",
    "        z.writestr(name, data if isinstance(data, str) else bytes(data['zeros']))",
  ].join("\n");
  execFileSync("python3", ["-c", script, file, JSON.stringify(entries), deflate ? "1" : "0"]);
  return file;
}
