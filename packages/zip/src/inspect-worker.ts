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

// The most handed to the parser at a time. Space goes back to the writer only when the parser has
// used up what it was given, so a writer that waits on a full ring waits for this much parsing.
const HAND_OUT = 256 * 1024;

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
  await pumped;
  if ("summary" in reply) {
    port?.postMessage(reply, [reply.summary.numbers.buffer as ArrayBuffer]);
  } else {
    port?.postMessage(reply);
  }
}

/**
 * Hands the ring's bytes to the parser's feed, in place, until the ring ends or either side stops.
 * It runs only while the parser waits for bytes, when the parser holds no view of those it has
 * read past (see ByteFeed), so their space goes back to the writer then. The parser never needs
 * more than a few hundred kilobytes ahead of where it is, well within the ring; should it ever
 * want more, with the whole ring unread before it, no byte could come and it would wait forever,
 * so the inspection fails instead.
 */
async function pump(ring: RingReader, feed: ByteFeed): Promise<void> {
  try {
    for (;;) {
      ring.release(feed.position);
      if (ring.full) {
        feed.fail(new Error("The ZIP walk looked further ahead than its buffer holds."));
        return;
      }

      const bytes = await ring.next(HAND_OUT);
      if (bytes === null) break;

      await feed.push(bytes);
    }
    feed.finish();
  } catch {
    // The feed failed: the inspection has its verdict and reports it.
  }
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
