import { parentPort } from "node:worker_threads";
import { inspectArchive } from "./archive.js";
import { ByteFeed } from "./feed.js";
import type { FailureData, OpenMessage, VerdictMessage } from "./inspect-protocol.js";
import { ZipRejection } from "./rejection.js";
import { RingReader } from "./shared-ring.js";

// The inspection worker: every ZipInspector in the process runs its walk here, each on its own
// ring, so that parsing runs beside the receiving thread's hashing and storage writes.

// Bytes taken out of the ring at a time: few enough trips, little enough held.
const TAKE = 256 * 1024;

const port = parentPort;
if (port === null) throw new Error("inspect-worker.js runs only as a worker thread.");

port.on("message", (message: OpenMessage) => {
  void inspect(message);
});

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

/** Moves bytes from the ring into the parser's feed until the ring ends or either side stops. */
async function pump(ring: RingReader, feed: ByteFeed): Promise<void> {
  try {
    for (;;) {
      const bytes = await ring.next(TAKE);
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
