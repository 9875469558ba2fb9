import { Worker } from "node:worker_threads";

/** One entry of a batch: where its deflate data lies in the batch and how much it may inflate to. */
export interface BatchEntry {
  offset: number;
  length: number;
  /** zlib stops past this many output bytes and reports the entry as over. */
  cap: number;
}

/** What inflating one entry of a batch found. */
export type BatchResult =
  | { kind: "ok"; size: number; crc32: number; consumed: number }
  | { kind: "over" }
  | { kind: "bad"; message: string };

// Kept as plain JavaScript so that the worker starts the same way from compiled output and from
// sources run by a test runner: there is no file to resolve. Each entry is one synchronous inflate
// and a CRC-32, exactly the bare loop's work; results go back as numbers, never as inflated data.
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const zlib = require("node:zlib");
parentPort.on("message", ({ id, input, entries }) => {
  const results = [];
  for (const { offset, length, cap } of entries) {
    try {
      const out = zlib.inflateRawSync(input.subarray(offset, offset + length), {
        info: true,
        maxOutputLength: Math.max(1, cap),
        chunkSize: Math.max(64, cap + 1),
      });
      results.push({
        kind: "ok",
        size: out.buffer.byteLength,
        crc32: zlib.crc32(out.buffer),
        consumed: out.engine.bytesWritten,
      });
    } catch (error) {
      results.push(
        error && error.code === "ERR_BUFFER_TOO_LARGE"
          ? { kind: "over" }
          : { kind: "bad", message: String(error && error.message) },
      );
    }
  }
  parentPort.postMessage({ id, results });
});
`;

interface Job {
  resolve: (results: BatchResult[]) => void;
  reject: (error: unknown) => void;
}

let worker: Worker | null = null;
const jobs = new Map<number, Job>();
let nextId = 0;

/**
 * Inflates and checksums a batch of entries on a second core. One worker serves every inspector in
 * the process; it keeps the process alive only while a batch is out, and a crash fails the batches
 * it held (their inspections reject) and is replaced on the next batch.
 */
export function inflateBatch(input: Uint8Array, entries: BatchEntry[]): Promise<BatchResult[]> {
  const id = nextId++;
  const running = worker ?? startWorker();
  return new Promise((resolve, reject) => {
    jobs.set(id, { resolve, reject });
    running.ref();
    // The batch buffer is the worker's from here on: moved, not copied.
    running.postMessage({ id, input, entries }, [input.buffer as ArrayBuffer]);
  });
}

function startWorker(): Worker {
  const started = new Worker(WORKER_SOURCE, { eval: true });
  started.on("message", ({ id, results }: { id: number; results: BatchResult[] }) => {
    const job = jobs.get(id);
    jobs.delete(id);
    if (jobs.size === 0) started.unref();
    job?.resolve(results);
  });
  started.on("error", (error) => failAll(started, error));
  started.on("exit", (code) => failAll(started, new Error(`The inflate worker exited (${code}).`)));
  worker = started;
  return started;
}

function failAll(failed: Worker, error: unknown): void {
  if (worker === failed) worker = null;
  const pending = [...jobs.values()];
  jobs.clear();
  for (const job of pending) job.reject(error);
}
