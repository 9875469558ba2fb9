import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

/** A scratch folder for archives a test builds with real tools. */
export async function scratchDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), "kura-fixture-"));
}

/** Writes a small tree of files and returns the folder. */
export async function writeTree(
  root: string,
  files: Record<string, string | Buffer>,
): Promise<string> {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
  return root;
}

export function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** `sha256sum FILE`, from the coreutils binary rather than Node, as the independent witness. */
export function sha256sum(file: string): string {
  return run("sha256sum", [file], path.dirname(file)).split(" ")[0] ?? "";
}

/** `unzip -Z1 FILE | wc -l`: the entry count by Info-ZIP's own reading. */
export function unzipCount(file: string): number {
  return run("unzip", ["-Z1", file], path.dirname(file)).split("\n").filter(Boolean).length;
}

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export function readBytes(file: string): Buffer {
  return readFileSync(file);
}

/** pip's bundled wheel, when this Python has one. */
export function findPipWheel(): string | undefined {
  try {
    const out = run(
      "python3",
      [
        "-c",
        "import ensurepip, pathlib; print(*pathlib.Path(ensurepip.__file__).parent.glob('_bundled/pip-*.whl'))",
      ],
      tmpdir(),
    ).trim();
    return out && existsSync(out) ? out : undefined;
  } catch {
    return undefined;
  }
}

/** A JDK's `src.zip`, the largest real archive most machines of this kind carry. */
export function findJdkSrcZip(): string | undefined {
  const candidates = [
    "/usr/lib/jvm/temurin-25-jdk-amd64/lib/src.zip",
    ...safeList("/usr/lib/jvm").map((jdk) => path.join("/usr/lib/jvm", jdk, "lib", "src.zip")),
  ];
  return candidates.find((file) => existsSync(file));
}

function safeList(dir: string): string[] {
  try {
    return execFileSync("ls", [dir], { encoding: "utf8" }).split("\n").filter(Boolean);
  } catch {
    return [];
  }
}
