import { MessageChannel, type MessagePort, Worker } from "node:worker_threads";

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
// Batches come on lines (message ports), one for each thread that sends them.
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const zlib = require("node:zlib");
parentPort.on("message", ({ line }) => line.on("message", ({ id, input, entries }) => {
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
  line.postMessage({ id, results, messages }, [results.buffer]);
}));
`;

interface Reply {
  id: number;
  results: Float64Array;
  messages: Record<number, string>;
}

interface Job {
  resolve: (results: BatchResult[]) => void;
  reject: (error: unknown) => void;
  /** The line the batch went out on, once it has. */
  sentOn: MessagePort | null;
}

// The inflation worker this thread started, if any; this thread's line to a worker (its own, or
// one another thread started: see `useInflaterFrom`); and the batches out on it.
let inflater: Worker | null = null;
let line: Promise<MessagePort> | null = null;
let openLine = (): Promise<MessagePort> => Promise.resolve(connectInflater());
const jobs = new Map<number, Job>();
// Batches sent on the current line and not answered: while there are any, the line keeps its
// thread alive. A line is only replaced once it has closed and failed what it held.
let unanswered = 0;
let nextId = 0;

/**
 * Opens a line to this thread's inflation worker, starting the worker if need be. It runs at the
 * priority of the thread that starts it, so the inspection worker, which runs below the threads
 * that receive uploads, has the receiving thread start it and send a line over: a fully verified
 * upload waits on inflation, and inflation must not wait behind the walk.
 */
export function connectInflater(): MessagePort {
  const running = inflater ?? startInflater();
  const { port1, port2 } = new MessageChannel();
  running.postMessage({ line: port1 }, [port1]);
  return port2;
}

/** Has this thread ask `open` for its line to an inflation worker instead of starting one. */
export function useInflaterFrom(open: () => Promise<MessagePort>): void {
  openLine = open;
}

/**
 * Inflates and checksums a batch of entries on another core. One worker serves every inspector in
 * the process; a line to it keeps its thread alive only while a batch is out, and a crash fails
 * the batches it held (their inspections reject) and is replaced on the next batch.
 */
export function inflateBatch(input: Uint8Array, entries: BatchEntry[]): Promise<BatchResult[]> {
  const id = nextId++;
  const packed = new Float64Array(entries.length * 3);
  for (const [index, { offset, length, cap }] of entries.entries()) {
    packed.set([offset, length, cap], index * 3);
  }
  return new Promise((resolve, reject) => {
    const job: Job = { resolve, reject, sentOn: null };
    jobs.set(id, job);
    // Batches wait for the line in turn, so they go out in the order they were made.
    currentLine().then(
      (port) => {
        job.sentOn = port;
        unanswered++;
        port.ref();
        // The batch buffers are the worker's from here on: moved, not copied.
        port.postMessage({ id, input, entries: packed }, [
          input.buffer as ArrayBuffer,
          packed.buffer,
        ]);
      },
      (error: unknown) => {
        jobs.delete(id);
        reject(error);
      },
    );
  });
}

function currentLine(): Promise<MessagePort> {
  if (line !== null) return line;

  const opening = openLine().then((port) => {
    port.on("message", (reply: Reply) => {
      const job = jobs.get(reply.id);
      jobs.delete(reply.id);
      unanswered--;
      if (unanswered === 0) port.unref();
      job?.resolve(unpack(reply));
    });
    // The worker at the other end is gone: what it held fails, and the next batch opens anew.
    port.once("close", () => {
      if (line === opening) line = null;
      for (const [id, job] of [...jobs]) {
        if (job.sentOn !== port) continue;

        jobs.delete(id);
        unanswered--;
        job.reject(new Error("The inflation worker stopped."));
      }
    });
    port.unref();
    return port;
  });
  opening.catch(() => {
    if (line === opening) line = null;
  });
  line = opening;
  return opening;
}

function startInflater(): Worker {
  // None of the process's Node flags: `--input-type=module` would read this source as a module.
  const started = new Worker(WORKER_SOURCE, { eval: true, execArgv: [] });
  // Lines keep threads alive while their batches are out; the worker itself never keeps the
  // process alive. Its death reaches the batches through their lines.
  started.unref();
  started.on("error", () => {});
  started.once("exit", () => {
    if (inflater === started) inflater = null;
  });
  inflater = started;
  return started;
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
