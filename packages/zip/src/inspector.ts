import {
  closeInspection,
  forgetInspection,
  openInspection,
  setWorkerNice,
  startInspectionWorker,
} from "./inspect-client.js";
import { resolveOptions, type ZipInspectorOptions } from "./options.js";
import { allocateRing, RingState, RingWriter } from "./shared-ring.js";
import type { ZipSummary } from "./summary.js";

/**
 * What an inspector shares with its verdict's callback and its finalizer, but never the inspector
 * itself, so that one its caller dropped can still be collected.
 */
class Hold {
  detached = false;

  constructor(
    readonly id: number,
    public ring: RingWriter,
  ) {}
}

// The ring a detached inspector writes to: closed, so every write finds the exchange over.
const DETACHED = new RingWriter(allocateRing(1));
DETACHED.detach();

// Once the verdict is in, the inspector lets go of its ring, to be reused for another upload.
function letGo(hold: Hold): void {
  if (hold.detached) return;

  hold.detached = true;
  hold.ring.detach();
  hold.ring = DETACHED;
  closeInspection(hold.id);
}

// An inspector dropped before end() or abort() (its caller failed and forgot it) would otherwise
// keep its walk waiting on the worker, and the process alive, until the process exits.
const abandoned = new FinalizationRegistry<Hold>((hold) => {
  hold.ring.abort();
  forgetInspection(hold.id, new Error("The ZIP inspector was dropped before its end."));
});

/**
 * Inspects a ZIP archive while it streams past, front to back, on a worker thread: the caller's
 * thread only copies each chunk into a shared 1 MiB buffer, and the walk (and, with full
 * verification, the inflation on a further worker) runs beside it. Memory stays bounded by that
 * buffer plus what the walk holds: a chunk and a header, and the inflation batches.
 *
 * ```ts
 * const inspector = new ZipInspector();
 * for await (const chunk of upload) await inspector.write(chunk);
 * const summary = await inspector.end();
 * ```
 */
export class ZipInspector {
  /**
   * Starts the inspection worker now, so that the first inspection does not wait for it; a
   * server calls it once it listens. Optional: the first inspection starts the worker anyway.
   */
  static warmUp(): Promise<void> {
    return startInspectionWorker();
  }

  /**
   * Sets how far below the caller's threads the inspection worker runs: a nice value from 0
   * (the same priority) to 19; the default is 10. Applies to a worker started afterwards, so a
   * server calls it at start-up, before `warmUp()` and its first upload.
   */
  static configureWorker({ nice }: { nice: number }): void {
    setWorkerNice(nice);
  }

  private readonly hold: Hold;
  private readonly result: Promise<ZipSummary>;
  // Writes are copied in the order they were made, one after another.
  private writing: Promise<void> = Promise.resolve();
  private queuedWrites = 0;
  private ended = false;
  private aborted = false;

  constructor(options?: ZipInspectorOptions) {
    const opened = openInspection(resolveOptions(options));
    const hold = new Hold(opened.id, new RingWriter(opened.ring));
    this.hold = hold;
    this.result = opened.verdict;
    // A rejection reaches the caller through write() or end(); a caller that stops writing after
    // a rejected write must not bring the process down with an unhandled rejection.
    this.result.then(
      () => letGo(hold),
      () => letGo(hold),
    );
    abandoned.register(this, hold, this);
  }

  /**
   * Feeds the next chunk of the archive, in order. Settles once the chunk is copied (at once,
   * unless the worker is a megabyte behind), so the caller may reuse its memory then; awaiting it
   * gives backpressure. Rejects with ZipRejection once the worker has proved the archive bad,
   * which is at most that megabyte after the bytes that proved it.
   */
  write(chunk: Uint8Array): Promise<void> {
    if (this.aborted) return this.verdictFailure();

    if (this.ended) return Promise.reject(new Error("ZipInspector.write() called after end()."));

    let rest = chunk;
    if (this.queuedWrites === 0) {
      const copied = this.hold.ring.offer(chunk);
      if (copied === chunk.byteLength) return Promise.resolve();

      rest = chunk.subarray(copied);
    }

    this.queuedWrites++;
    this.writing = this.writing.then(() => this.copy(rest)).finally(() => this.queuedWrites--);
    return this.writing;
  }

  /** The stream ended: finishes all checks and returns the summary, or rejects with ZipRejection. */
  end(): Promise<ZipSummary> {
    if (!this.ended) {
      this.ended = true;
      abandoned.unregister(this);
      // The writes already made land first; a failed one leaves the verdict to tell why.
      this.writing.then(
        () => this.hold.ring.end(),
        () => this.hold.ring.end(),
      );
    }
    return this.result;
  }

  /**
   * Gives up on the archive (the upload failed elsewhere): the worker stops, pending and later
   * calls reject. Does nothing once the verdict is in.
   */
  abort(reason: unknown = new Error("The ZIP inspection was aborted.")): void {
    this.ended = true;
    this.aborted = true;
    abandoned.unregister(this);
    this.hold.ring.abort();
    forgetInspection(this.hold.id, reason);
  }

  private async copy(chunk: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < chunk.byteLength) {
      if (this.hold.ring.state !== RingState.OPEN) return this.verdictFailure();

      const copied = this.hold.ring.offer(offset === 0 ? chunk : chunk.subarray(offset));
      offset += copied;
      if (copied === 0) await this.hold.ring.readerMoved();
    }
  }

  // The worker stopped reading before the end, or the caller aborted: the verdict says why.
  private async verdictFailure(): Promise<void> {
    await this.result;
    throw new Error("The ZIP inspection ended before the archive did.");
  }
}
