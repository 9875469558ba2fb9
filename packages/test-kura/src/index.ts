import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";

/** A Kura server running as a child process, the way its clients meet it. */
export interface KuraProcess {
  /** Base address, e.g. `http://127.0.0.1:41234`; the API is at `${url}/graphql`. */
  url: string;
  dataDir: string;
  /** The local object folder, temporary uploads included. */
  storageDir: string;
  /** Every JSON log line the server printed so far. */
  logs: Record<string, unknown>[];
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;

/**
 * Starts the built `@kura/server` (`dist/main.js`) on 127.0.0.1, port 0, with a fresh data folder
 * on the embedded default (SQLite + local folder). `env` adds or overrides server settings.
 */
export async function startKuraProcess(env: Record<string, string> = {}): Promise<KuraProcess> {
  const main = createRequire(import.meta.url).resolve("@kura/server");
  const dataDir = await mkdtemp(path.join(tmpdir(), "kura-client-test-"));
  const child = spawn(process.execPath, [main], {
    env: {
      PATH: process.env.PATH ?? "",
      PORT: "0",
      HOST: "127.0.0.1",
      KURA_DATA_DIR: dataDir,
      LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });

  const logs: Record<string, unknown>[] = [];
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });

  try {
    const url = await waitForListening(child, logs, () => stderr);
    const stop = () =>
      stopChild(child).finally(() => rm(dataDir, { recursive: true, force: true }));
    return {
      url,
      dataDir,
      storageDir: path.join(dataDir, "objects"),
      logs,
      stop,
      [Symbol.asyncDispose]: stop,
    };
  } catch (error) {
    await stopChild(child);
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

function waitForListening(
  child: ChildProcess,
  logs: Record<string, unknown>[],
  stderr: () => string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Kura did not start in ${START_TIMEOUT_MS} ms:\n${stderr()}`)),
      START_TIMEOUT_MS,
    );
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Kura exited with ${code} before listening:\n${stderr()}`));
    });

    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on("line", (line) => {
      const entry = parseLogLine(line);
      if (!entry) return;

      logs.push(entry);
      if (entry.event === "server.listening" && typeof entry.url === "string") {
        clearTimeout(timer);
        resolve(entry.url);
      }
    });
  });
}

function parseLogLine(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return value && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();

  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/** Every file under a folder (temporary ones included) as sorted relative paths; none if absent. */
export async function listFiles(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries
      .filter((e) => e.isFile())
      .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}
