import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";

export interface ChildServer {
  process: ChildProcess;
  /** `http://127.0.0.1:PORT`, read from the server's `server.listening` log line. */
  url: string;
  /** Every JSON log line so far, parsed. */
  logs: Record<string, unknown>[];
  /** Settles when the process exits. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Kills the process if it still runs (SIGKILL: a test cleaning up, not a shutdown). */
  kill(): Promise<void>;
}

export interface SpawnOptions {
  /** The script to run, e.g. the built `dist/main.js` or a bundle. */
  entry: string;
  cwd?: string;
  env: Record<string, string>;
  startTimeoutMs?: number;
}

/** Runs a built server as a real child process on a free port and waits until it listens. */
export async function spawnServer(options: SpawnOptions): Promise<ChildServer> {
  const child = spawn(process.execPath, [options.entry], {
    cwd: options.cwd,
    // Only what the test gives, plus PATH: the server must not pick up this machine's settings.
    env: { PATH: process.env.PATH ?? "", PORT: "0", HOST: "127.0.0.1", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: Record<string, unknown>[] = [];
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );

  const stdout = child.stdout;
  if (!stdout) throw new Error("the child's stdout is not piped");
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not listen in time; stderr: ${stderr}`)),
      options.startTimeoutMs ?? 30_000,
    );
    exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening; stderr: ${stderr}`));
    });
    createInterface({ input: stdout }).on("line", (line) => {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      logs.push(entry);
      if (entry.event === "server.listening" && typeof entry.url === "string") {
        clearTimeout(timer);
        resolve(entry.url);
      }
    });
  });

  return {
    process: child,
    url,
    logs,
    exited,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGKILL");
        await exited;
      }
    },
  };
}
