import type { Logger } from "../../log/logger.js";
import type { MultipartAborter } from "./aborter.js";
import type { CallOptions, OssClient } from "./client.js";
import { storageError } from "./errors.js";

export interface SweepOptions {
  /** Only uploads whose key starts with this are Kura's to abort. */
  prefix: string;
  /** Uploads initiated longer ago than this cannot belong to a request still running. */
  staleAfterMs: number;
  /** Time between sweeps after the first; 0 sweeps never. */
  intervalMs: number;
  quick: CallOptions["timeout"];
  log?: Logger;
}

export interface SweepResult {
  /** Open uploads listed under the prefix. */
  open: number;
  aborted: number;
  failed: number;
}

const PAGE = 1000;

/**
 * Finds multipart uploads left open under Kura's keys (an abort that never got through, a
 * process killed mid-upload) and aborts them. It runs once at start, without holding up
 * readiness, and then every `intervalMs` on a timer that does not keep the process alive.
 */
export class OpenUploadSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<SweepResult> | undefined;
  private closed = false;

  constructor(
    private readonly client: OssClient,
    private readonly aborter: MultipartAborter,
    private readonly options: SweepOptions,
  ) {}

  start(): void {
    if (this.options.intervalMs <= 0) return;

    void this.sweepLogged();
    this.timer = setInterval(() => void this.sweepLogged(), this.options.intervalMs);
    this.timer.unref();
  }

  /** Stops the timer; a sweep under way stops before its next abort. */
  close(): void {
    this.closed = true;
    clearInterval(this.timer);
  }

  /** One pass over the open uploads; a pass already under way is joined, not repeated. */
  sweep(now: () => number = Date.now): Promise<SweepResult> {
    this.running ??= this.pass(now).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async sweepLogged(): Promise<void> {
    const started = performance.now();
    try {
      const result = await this.sweep();
      this.options.log?.info(
        {
          event: "storage.sweep",
          prefix: this.options.prefix,
          ...result,
          durationMs: Math.round(performance.now() - started),
        },
        "swept open multipart uploads",
      );
    } catch (error) {
      this.options.log?.warn(
        { event: "storage.sweep_failed", prefix: this.options.prefix, err: error },
        "could not list open multipart uploads; trying again at the next sweep",
      );
    }
  }

  private async pass(now: () => number): Promise<SweepResult> {
    const result: SweepResult = { open: 0, aborted: 0, failed: 0 };
    let markers: { keyMarker: string; uploadIdMarker: string } | undefined;

    do {
      const page = await this.listPage(markers);
      result.open += page.uploads.length;

      for (const upload of page.uploads) {
        if (this.closed) return result;

        const initiated = Date.parse(upload.initiated);
        // An unreadable time is treated as fresh: aborting a running upload would lose it.
        if (Number.isNaN(initiated) || now() - initiated <= this.options.staleAfterMs) continue;
        await this.abortStale(upload, result);
      }

      const next = page.isTruncated
        ? { keyMarker: page.nextKeyMarker ?? "", uploadIdMarker: page.nextUploadIdMarker ?? "" }
        : undefined;
      // A truncated page without markers that move on would list the same page forever.
      const stuck =
        next !== undefined &&
        (next.keyMarker === "" ||
          (next.keyMarker === markers?.keyMarker &&
            next.uploadIdMarker === markers?.uploadIdMarker));
      markers = stuck ? undefined : next;
    } while (markers && !this.closed);

    return result;
  }

  private async listPage(markers: { keyMarker: string; uploadIdMarker: string } | undefined) {
    const query: Record<string, string | number> = {
      prefix: this.options.prefix,
      "max-uploads": PAGE,
    };
    if (markers) {
      query["key-marker"] = markers.keyMarker;
      query["upload-id-marker"] = markers.uploadIdMarker;
    }
    try {
      return await this.client.listUploads(query, { timeout: this.options.quick });
    } catch (error) {
      throw storageError("ListMultipartUploads", error);
    }
  }

  private async abortStale(
    upload: { name: string; uploadId: string; initiated: string },
    result: SweepResult,
  ): Promise<void> {
    const fields = { uploadId: upload.uploadId, key: upload.name, initiated: upload.initiated };
    try {
      const outcome = await this.aborter.tryOnce(upload.name, upload.uploadId);
      result.aborted += 1;
      this.options.log?.info(
        { event: "storage.sweep_aborted", ...fields, outcome },
        "aborted a multipart upload left open",
      );
    } catch (error) {
      result.failed += 1;
      this.options.log?.warn(
        {
          event: "storage.sweep_aborted",
          ...fields,
          outcome: "failed",
          err: storageError("AbortMultipartUpload", error),
        },
        "could not abort a multipart upload left open; trying again at the next sweep",
      );
    }
  }
}
