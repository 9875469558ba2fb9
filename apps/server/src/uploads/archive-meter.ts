import { createHash, type Hash } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import { type ZipInspector, ZipRejection, type ZipSummary } from "@kura/zip";
import { KuraError } from "../errors/kura-error.js";

/** What the meter learnt from the bytes once they all passed. */
export interface Measurement {
  size: number;
  sha256: string;
  archive: ZipSummary;
}

/**
 * Passes upload bytes through unchanged while it counts them, hashes them and feeds the ZIP
 * inspector. It fails the stream (and so the storage write) the moment the bytes break a rule, and
 * gives its verdict before the last byte reaches storage, so a rejected archive is never committed.
 */
export class ArchiveMeter extends Transform {
  private readonly hash: Hash = createHash("sha256");
  private bytes = 0;
  private result: Measurement | undefined;

  constructor(
    private readonly inspector: ZipInspector,
    private readonly maxBytes: number,
    private readonly declaredSha256: string | undefined,
  ) {
    super({ highWaterMark: 1 });
  }

  get measurement(): Measurement {
    if (!this.result) throw new Error("the archive meter has not finished");
    return this.result;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      done(KuraError.payloadTooLarge(this.maxBytes));
      return;
    }

    this.hash.update(chunk);
    this.inspector.write(chunk).then(
      () => done(null, chunk),
      (error: unknown) => done(asKuraError(error)),
    );
  }

  // A failed or abandoned upload stops its inspection too; once the verdict is in, nothing is left
  // to stop.
  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    this.inspector.abort(error ?? undefined);
    done(error);
  }

  override _flush(done: TransformCallback): void {
    const sha256 = this.hash.digest("hex");
    if (this.declaredSha256 !== undefined && this.declaredSha256 !== sha256) {
      done(KuraError.checksumMismatch(this.declaredSha256, sha256));
      return;
    }

    this.inspector.end().then(
      (archive) => {
        this.result = { size: this.bytes, sha256, archive };
        done();
      },
      (error: unknown) => done(asKuraError(error)),
    );
  }
}

function asKuraError(error: unknown): Error {
  if (!(error instanceof ZipRejection))
    return error instanceof Error ? error : new Error(String(error));

  if (error.code === "EMPTY_ARCHIVE") return KuraError.emptyArchive();
  return new KuraError(
    error.code,
    error.message,
    { reason: error.reason, entry: error.entry, limit: error.limit },
    error,
  );
}
