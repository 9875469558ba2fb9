import { Worker } from "node:worker_threads";

const OK = 0;
const OVER = 1;
const BAD = 2;

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
// and a CRC-32, exactly the bare loop's work. Entries go in and results come back as flat number
// arrays, moved rather than cloned: cloning an object per entry cost more than inflating it.
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const zlib = require("node:zlib");
parentPort.on("message", ({ id, input, entries }) => {
  const count = entries.length / 3;
  const results = new Float64Array(count * 4);
  const messages = {};
  for (let index = 0; index < count; index++) {
    const offset = entries[index * 3];
    const length = entries[index * 3 + 1];
    const cap = entries[index * 3 + 2];
    try {
      const out = zlib.inflateRawSync(input.subarray(offset, offset + length), {
        info: true,
        maxOutputLength: Math.max(1, cap),
        chunkSize: Math.max(64, cap + 1),
      });
      results[index * 4] = ${OK};
      results[index * 4 + 1] = out.buffer.byteLength;
      results[index * 4 + 2] = zlib.crc32(out.buffer);
      results[index * 4 + 3] = out.engine.bytesWritten;
    } catch (error) {
      const over = error && error.code === "ERR_BUFFER_TOO_LARGE";
      results[index * 4] = over ? ${OVER} : ${BAD};
      if (!over) messages[index] = String(error && error.message);
    }
  }
  parentPort.postMessage({ id, results, messages }, [results.buffer]);
});
`;

interface Reply {
  id: number;
  results: Float64Array;
  messages: Record<number, string>;
}

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
    const packed = new Float64Array(entries.length * 3);
    for (const [index, { offset, length, cap }] of entries.entries()) {
      packed.set([offset, length, cap], index * 3);
    }
    // The batch buffers are the worker's from here on: moved, not copied.
    running.postMessage({ id, input, entries: packed }, [
      input.buffer as ArrayBuffer,
      packed.buffer,
    ]);
  });
}

function startWorker(): Worker {
  // None of the process's Node flags: `--input-type=module` would read this source as a module.
  const started = new Worker(WORKER_SOURCE, { eval: true, execArgv: [] });
  started.on("message", (reply: Reply) => {
    const job = jobs.get(reply.id);
    jobs.delete(reply.id);
    if (jobs.size === 0) started.unref();
    job?.resolve(unpack(reply));
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

function unpack({ results, messages }: Reply): BatchResult[] {
  const unpacked: BatchResult[] = [];
  for (let at = 0; at < results.length; at += 4) {
    const kind = results[at];
    if (kind === OK) {
      const size = results[at + 1] as number;
      const crc32 = results[at + 2] as number;
      unpacked.push({ kind: "ok", size, crc32, consumed: results[at + 3] as number });
    } else if (kind === OVER) {
      unpacked.push({ kind: "over" });
    } else {
      unpacked.push({ kind: "bad", message: messages[at / 4] ?? "unknown error" });
    }
  }
  return unpacked;
}
