import { Worker } from "node:worker_threads";
import type { FailureData, OpenMessage, VerdictMessage } from "./inspect-protocol.js";
import type { ResolvedOptions } from "./options.js";
import { ZipRejection } from "./rejection.js";
import { allocateRing, type RingMemory } from "./shared-ring.js";
import type { ZipSummary } from "./summary.js";
import { unpackSummary } from "./summary-transfer.js";

interface Pending {
  resolve: (summary: ZipSummary) => void;
  reject: (error: unknown) => void;
}

let worker: Worker | null = null;
const online = new WeakSet<Worker>();
const pending = new Map<number, Pending>();
let nextId = 0;

/**
 * Starts an inspection on the worker: the returned ring takes the archive's bytes, the promise
 * settles with the verdict. One worker serves every inspection in the process; it keeps the
 * process alive only while an inspection is open, and if it dies, the inspections it held reject
 * and the next one starts a new worker.
 */
export function openInspection(options: ResolvedOptions): {
  id: number;
  ring: RingMemory;
  verdict: Promise<ZipSummary>;
} {
  const id = nextId++;
  const ring = allocateRing();
  const running = worker ?? startWorker();
  const verdict = new Promise<ZipSummary>((resolve, reject) => {
    pending.set(id, { resolve, reject });
  });
  running.ref();
  const message: OpenMessage = { id, ring, options };
  running.postMessage(message);
  return { id, ring, verdict };
}

/**
 * Starts the worker ahead of the first inspection, which would otherwise wait for it (tens of
 * milliseconds: a thread, a JavaScript engine, the parser's code). Resolves once it runs.
 */
export function startInspectionWorker(): Promise<void> {
  const running = worker ?? startWorker();
  if (online.has(running)) return Promise.resolve();

  // Kept alive while it starts, so that the caller's wait can end.
  running.ref();
  return new Promise<void>((resolve, reject) => {
    running.once("online", resolve);
    running.once("error", reject);
  }).finally(() => {
    if (pending.size === 0) running.unref();
  });
}

/** Stops waiting for an inspection's verdict (the ring tells the worker to stop reading). */
export function forgetInspection(id: number, reason: unknown): void {
  const waiting = pending.get(id);
  if (waiting === undefined) return;

  settled(id);
  waiting.reject(reason);
}

function startWorker(): Worker {
  // None of the process's Node flags: `--input-type=module -e`, for one, would stop it loading.
  const started = new Worker(new URL("./inspect-worker.js", import.meta.url), { execArgv: [] });
  started.once("online", () => online.add(started));
  started.on("message", (reply: VerdictMessage) => {
    const waiting = pending.get(reply.id);
    if (waiting === undefined) return;

    settled(reply.id);
    if ("summary" in reply) waiting.resolve(unpackSummary(reply.summary));
    else waiting.reject(revive(reply.failure));
  });
  started.on("error", (error) => failAll(started, error));
  started.on("exit", (code) => failAll(started, new Error(`The ZIP worker exited (${code}).`)));
  // Idle until an inspection opens, it must not keep the process alive on its own. (After the
  // listeners: adding a 'message' listener refs the worker's port again.)
  started.unref();
  worker = started;
  return started;
}

function settled(id: number): void {
  pending.delete(id);
  if (pending.size === 0) worker?.unref();
}

function failAll(failed: Worker, error: unknown): void {
  if (worker === failed) worker = null;
  const waiting = [...pending.values()];
  pending.clear();
  for (const inspection of waiting) inspection.reject(error);
}

function revive(failure: FailureData): Error {
  const { code, reason, message, entry, limit } = failure;
  if (code === undefined || reason === undefined) {
    return new Error(`The ZIP inspection failed: ${message}`);
  }

  return new ZipRejection(code, reason, message, {
    ...(entry === undefined ? {} : { entry }),
    ...(limit === undefined ? {} : { limit }),
  });
}
