import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A scratch folder under the system temp dir, removed by `using`. */
export function scratch(): { path: string } & Disposable {
  const path = mkdtempSync(join(tmpdir(), "kura-zip-"));
  return { path, [Symbol.dispose]: () => rmSync(path, { recursive: true, force: true }) };
}

export function hasCommand(name: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${name}`]).status === 0;
}

/** Runs a tool (through sh, for pipes) and returns its stdout; a failing tool fails the test. */
export function sh(script: string, cwd: string): Buffer {
  return execFileSync("sh", ["-c", script], { cwd, maxBuffer: 1 << 30 });
}

/** How many entries Info-ZIP's unzip lists: the reference count for every archive. */
export function unzipCount(file: string): number {
  const run = spawnSync("unzip", ["-Z1", file], { maxBuffer: 1 << 28 });
  // Status 1 is a warning, such as offsets that a prepended stub left unadjusted.
  if (run.status !== 0 && run.status !== 1) throw new Error(`unzip -Z1 failed: ${run.stderr}`);

  return run.stdout
    .toString()
    .split("\n")
    .filter((line) => line.length > 0).length;
}

export function python(script: string, cwd: string): Buffer {
  return execFileSync("python3", ["-c", script], { cwd, maxBuffer: 1 << 30 });
}
