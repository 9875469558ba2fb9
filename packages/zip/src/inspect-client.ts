import { Worker } from "node:worker_threads";
import { connectInflater } from "./inflate-worker.js";
import type {
  FailureData,
  FromWorkerMessage,
  LineMessage,
  OpenMessage,
  WorkerSettings,
} from "./inspect-protocol.js";
import type { ResolvedOptions } from "./options.js";
import { ZipRejection } from "./rejection.js";
import { allocateRing, clearRing, type RingMemory } from "./shared-ring.js";
import type { ZipSummary } from "./summary.js";
import { unpackSummary } from "./summary-transfer.js";
import { DEFAULT_WORKER_NICE } from "./thread-priority.js";

interface Session {
  ring: RingMemory;
  resolve: (summary: ZipSummary) => void;
  reject: (error: unknown) => void;
  /** The caller has settled, or given up on, the verdict. */
  waiting: boolean;
  /** The worker has stopped reading the ring (it replied, or it died). */
  readerDone: boolean;
  /** The inspector has let go of the ring. */
  writerDone: boolean;
}

let worker: Worker | null = null;
const online = new WeakSet<Worker>();
const sessions = new Map<number, Session>();
let waitingCount = 0;
let nextId = 0;
// Rings of finished inspections, reused: each is a megabyte of shared memory that the collector
// would otherwise free only when it happens to run, long after thousands of small uploads.
const spareRings: RingMemory[] = [];
const MOST_SPARE_RINGS = 8;
const settings: WorkerSettings = { nice: DEFAULT_WORKER_NICE };

/** Sets the nice value of workers started from now on (see `DEFAULT_WORKER_NICE`). */
export function setWorkerNice(nice: number): void {
  if (!Number.isInteger(nice) || nice < 0 || nice > 19) {
    throw new RangeError(`The worker's nice value must be an integer from 0 to 19, not ${nice}.`);
  }

  settings.nice = nice;
}

/**
 * Starts an inspection on the worker: the returned ring takes the archive's bytes, the promise
 * settles with the verdict. One worker serves every inspection in the process; it keeps the
 * process alive only while an inspection waits for its verdict, and if it dies, the inspections
 * it held reject and the next one starts a new worker. The caller hands the ring back with
 * `closeInspection` once it no longer touches it.
 */
export function openInspection(options: ResolvedOptions): {
  id: number;
  ring: RingMemory;
  verdict: Promise<ZipSummary>;
} {
  const id = nextId++;
  const ring = spareRings.pop() ?? allocateRing();
  const running = worker ?? startWorker();
  const verdict = new Promise<ZipSummary>((resolve, reject) => {
    sessions.set(id, {
      ring,
      resolve,
      reject,
      waiting: true,
      readerDone: false,
      writerDone: false,
    });
  });
  waitingCount++;
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
    if (waitingCount === 0) running.unref();
  });
}

/** Stops waiting for an inspection's verdict (the ring tells the worker to stop reading). */
export function forgetInspection(id: number, reason: unknown): void {
  const session = sessions.get(id);
  if (session === undefined || !session.waiting) return;

  stopWaiting(session);
  session.reject(reason);
}

/** The inspector no longer touches the ring; it is reused once the worker is done with it too. */
export function closeInspection(id: number): void {
  const session = sessions.get(id);
  if (session === undefined) return;

  session.writerDone = true;
  recycle(id, session);
}

function startWorker(): Worker {
  // None of the process's Node flags: `--input-type=module -e`, for one, would stop it loading.
  const started = new Worker(new URL("./inspect-worker.js", import.meta.url), {
    execArgv: [],
    workerData: { ...settings },
  });
  started.once("online", () => online.add(started));
  started.on("message", (reply: FromWorkerMessage) => {
    if ("lineRequest" in reply) {
      sendLine(started);
      return;
    }

    const session = sessions.get(reply.id);
    if (session === undefined) return;

    session.readerDone = true;
    if (session.waiting) {
      stopWaiting(session);
      if ("summary" in reply) session.resolve(unpackSummary(reply.summary));
      else session.reject(revive(reply.failure));
    }
    recycle(reply.id, session);
  });
  started.on("error", (error) => failAll(started, error));
  started.on("exit", (code) => failAll(started, new Error(`The ZIP worker exited (${code}).`)));
  // Idle until an inspection opens, it must not keep the process alive on its own. (After the
  // listeners: adding a 'message' listener refs the worker's port again.)
  started.unref();
  worker = started;
  return started;
}

// Started here, the inflation worker runs at this thread's priority, not the walk's lower one.
function sendLine(to: Worker): void {
  let answer: LineMessage;
  try {
    answer = { line: connectInflater() };
  } catch (error) {
    answer = { lineFailure: error instanceof Error ? error.message : String(error) };
  }
  to.postMessage(answer, "line" in answer ? [answer.line] : []);
}

function stopWaiting(session: Session): void {
  session.waiting = false;
  waitingCount--;
  if (waitingCount === 0) worker?.unref();
}

function recycle(id: number, session: Session): void {
  if (!session.readerDone || !session.writerDone) return;

  sessions.delete(id);
  if (spareRings.length < MOST_SPARE_RINGS) {
    clearRing(session.ring);
    spareRings.push(session.ring);
  }
}

function failAll(failed: Worker, error: unknown): void {
  if (worker === failed) worker = null;
  for (const [id, session] of [...sessions]) {
    session.readerDone = true;
    if (session.waiting) {
      stopWaiting(session);
      session.reject(error);
    }
    recycle(id, session);
  }
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
