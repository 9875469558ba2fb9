import { type MessagePort, parentPort, workerData } from "node:worker_threads";
import { inspectArchive } from "./archive.js";
import { ByteFeed } from "./feed.js";
import { useInflaterFrom } from "./inflate-worker.js";
import type {
  FailureData,
  LineMessage,
  LineRequest,
  OpenMessage,
  ToWorkerMessage,
  VerdictMessage,
  WorkerSettings,
} from "./inspect-protocol.js";
import { ZipRejection } from "./rejection.js";
import { RingReader } from "./shared-ring.js";
import { lowerThreadPriority } from "./thread-priority.js";

// The inspection worker: every ZipInspector in the process runs its walk here, each on its own
// ring, so that parsing runs beside the receiving thread's hashing and storage writes.

// Bytes taken out of the ring at a time: few enough trips, little enough held.
const TAKE = 256 * 1024;

const port = parentPort;
if (port === null) throw new Error("inspect-worker.js runs only as a worker thread.");

lowerThreadPriority((workerData as WorkerSettings).nice);

// Lines to the inflation worker come from the receiving thread, so that the inflation worker runs
// at that thread's priority rather than inheriting this one's.
const lineWaiters: { resolve: (line: MessagePort) => void; reject: (error: Error) => void }[] = [];
useInflaterFrom(
  () =>
    new Promise((resolve, reject) => {
      lineWaiters.push({ resolve, reject });
      const request: LineRequest = { lineRequest: true };
      port.postMessage(request);
    }),
);

port.on("message", (message: ToWorkerMessage) => {
  if ("id" in message) void inspect(message);
  else answerLine(message);
});

function answerLine(message: LineMessage): void {
  const waiter = lineWaiters.shift();
  if ("line" in message) waiter?.resolve(message.line);
  else waiter?.reject(new Error(`No inflation worker: ${message.lineFailure}`));
}

async function inspect({ id, ring: memory, options }: OpenMessage): Promise<void> {
  const ring = new RingReader(memory);
  const feed = new ByteFeed();
  const verdict = inspectArchive(feed, options);
  const pumped = pump(ring, feed);
  let reply: VerdictMessage;
  try {
    reply = { id, summary: await verdict };
  } catch (error) {
    feed.fail(error);
    reply = { id, failure: describe(error) };
  }
  ring.close();
  for (const buffer of await pumped) spare(buffer);
  if ("summary" in reply) {
    port?.postMessage(reply, [reply.summary.numbers.buffer as ArrayBuffer]);
  } else {
    port?.postMessage(reply);
  }
}

/**
 * Moves bytes from the ring into the parser's feed until the ring ends or either side stops, and
 * returns the buffers the parser may still read. The
 * pump runs only while the parser waits for bytes, when it holds no view of the chunks it has
 * read past (see ByteFeed), so their buffers are used again instead of allocating a fresh one per
 * chunk: fifty megabytes of fresh buffers per upload kept the worker's collector busy.
 */
async function pump(ring: RingReader, feed: ByteFeed): Promise<Buffer[]> {
  const lent: { buffer: Buffer; end: number }[] = [];
  let received = 0;
  try {
    for (;;) {
      while (lent.length > 0 && (lent[0]?.end as number) <= feed.position) {
        spare((lent.shift() as { buffer: Buffer }).buffer);
      }
      const buffer = spareChunks.pop() ?? Buffer.allocUnsafeSlow(TAKE);
      const count = await ring.next(buffer);
      if (count === null) {
        spare(buffer);
        break;
      }

      received += count;
      lent.push({ buffer, end: received });
      await feed.push(buffer.subarray(0, count));
    }
    feed.finish();
  } catch {
    // The feed failed: the inspection has its verdict and reports it.
  }
  // The parser may still be reading these (the end of the archive): they are spared only once
  // its verdict is in.
  return lent.map(({ buffer }) => buffer);
}

// Chunk buffers shared by all inspections in this worker, a few kept for the next ones.
const spareChunks: Buffer[] = [];
const MOST_SPARE_CHUNKS = 16;

function spare(buffer: Buffer): void {
  if (spareChunks.length < MOST_SPARE_CHUNKS) spareChunks.push(buffer);
}

function describe(error: unknown): FailureData {
  if (error instanceof ZipRejection) {
    const { code, reason, entry, limit, message } = error;
    return {
      code,
      reason,
      message,
      ...(entry === undefined ? {} : { entry }),
      ...(limit === undefined ? {} : { limit }),
    };
  }

  return { message: error instanceof Error ? error.message : String(error) };
}
