import type { Logger } from "../../log/logger.js";
import type { CallOptions, OssClient } from "./client.js";
import { storageError } from "./errors.js";

export interface AborterOptions {
  /** Timeouts for AbortMultipartUpload, a request without a body. */
  quick: CallOptions["timeout"];
  /** Background retries after a failed abort; 0 leaves the upload to the sweep. */
  retries: number;
  /** Delay before the first retry; each next one waits twice as long. */
  retryDelayMs: number;
  log?: Logger;
}

/**
 * Aborts multipart uploads so their parts (billed, invisible in listings) do not stay behind.
 * The caller awaits the first try only; when OSS cannot be reached then, the abort is retried in
 * the background with doubling delays. Retry timers never keep the process alive, and `close`
 * drops the ones still waiting: the sweep of the next start (or another replica) finds those.
 */
export class MultipartAborter {
  private readonly waiting = new Map<string, NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly client: OssClient,
    private readonly options: AborterOptions,
  ) {}

  /** Tries once; on failure logs it and schedules the retries. Never throws. */
  async abort(name: string, uploadId: string): Promise<void> {
    try {
      await this.tryOnce(name, uploadId);
    } catch (error) {
      const willRetry = this.options.retries > 0 && !this.closed;
      this.options.log?.warn(
        {
          event: "storage.abort_failed",
          uploadId,
          key: name,
          outcome: willRetry ? "retrying" : "left_open",
          err: storageError("AbortMultipartUpload", error),
        },
        willRetry
          ? "could not abort a multipart upload; retrying in the background"
          : "could not abort a multipart upload; the sweep or a lifecycle rule must remove it",
      );
      if (willRetry) this.schedule(name, uploadId, 1);
    }
  }

  /**
   * One AbortMultipartUpload. Resolves `"aborted"`, or `"gone"` when OSS no longer knows the
   * upload (completed or aborted already); throws on any other failure.
   */
  async tryOnce(name: string, uploadId: string): Promise<"aborted" | "gone"> {
    try {
      await this.client.abortMultipartUpload(name, uploadId, { timeout: this.options.quick });
      return "aborted";
    } catch (error) {
      if ((error as { status?: unknown } | undefined)?.status === 404) return "gone";
      throw error;
    }
  }

  /** Uploads whose retry is still waiting. */
  get pending(): number {
    return this.waiting.size;
  }

  /** Drops the retries still waiting; a retry already on the wire finishes but is not repeated. */
  close(): void {
    this.closed = true;
    for (const [uploadId, timer] of this.waiting) {
      clearTimeout(timer);
      this.options.log?.warn(
        { event: "storage.abort_retry", uploadId, outcome: "dropped_on_shutdown" },
        "shutting down with a multipart upload still open; the next sweep will abort it",
      );
    }
    this.waiting.clear();
  }

  private schedule(name: string, uploadId: string, attempt: number): void {
    const delayMs = this.options.retryDelayMs * 2 ** (attempt - 1);
    const timer = setTimeout(() => {
      this.waiting.delete(uploadId);
      void this.retry(name, uploadId, attempt);
    }, delayMs);
    timer.unref();
    this.waiting.set(uploadId, timer);
  }

  private async retry(name: string, uploadId: string, attempt: number): Promise<void> {
    const log = this.options.log;
    try {
      const outcome = await this.tryOnce(name, uploadId);
      log?.info(
        { event: "storage.abort_retry", uploadId, key: name, attempt, outcome },
        "multipart upload aborted on retry",
      );
    } catch (error) {
      const last = attempt >= this.options.retries || this.closed;
      log?.[last ? "error" : "warn"](
        {
          event: "storage.abort_retry",
          uploadId,
          key: name,
          attempt,
          outcome: last ? "gave_up" : "failed",
          err: storageError("AbortMultipartUpload", error),
        },
        last
          ? "gave up aborting a multipart upload; the sweep or a lifecycle rule must remove it"
          : "retrying a multipart abort failed; trying again later",
      );
      if (!last) this.schedule(name, uploadId, attempt + 1);
    }
  }
}
