import { inspectArchive } from "./archive.js";
import { ByteFeed } from "./feed.js";
import { resolveOptions, type ZipInspectorOptions } from "./options.js";
import type { ZipSummary } from "./summary.js";

/**
 * Inspects a ZIP archive while it streams past, front to back, holding no more than a header's
 * worth of it beyond the chunk in hand. Feed it with `write()`, then call `end()`.
 *
 * ```ts
 * const inspector = new ZipInspector();
 * for await (const chunk of upload) await inspector.write(chunk);
 * const summary = await inspector.end();
 * ```
 */
export class ZipInspector {
  private readonly feed = new ByteFeed();
  private readonly result: Promise<ZipSummary>;

  constructor(options?: ZipInspectorOptions) {
    this.result = inspectArchive(this.feed, resolveOptions(options)).catch((error: unknown) => {
      this.feed.fail(error);
      throw error;
    });
    // The rejection reaches the caller through write() or end(); a caller that stops writing
    // after a rejected write must not bring the process down with an unhandled rejection.
    this.result.catch(() => {});
  }

  /**
   * Feeds the next chunk of the archive, in order. Settles when the inspector is ready for more,
   * so awaiting it gives backpressure; rejects with ZipRejection as soon as the bytes prove the
   * archive bad (for instance when the first bytes are not a ZIP signature). The inspector keeps
   * views of the chunk, so its memory must not be reused afterwards.
   */
  write(chunk: Uint8Array): Promise<void> {
    return this.feed.push(chunk);
  }

  /** The stream ended: finishes all checks and returns the summary, or rejects with ZipRejection. */
  end(): Promise<ZipSummary> {
    this.feed.finish();
    return this.result;
  }
}
