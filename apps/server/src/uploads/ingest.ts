import type { Readable } from "node:stream";
import { ZipInspector, type ZipInspectorOptions } from "@kura/zip";
import type { Em } from "../db/orm.js";
import type { UploadRow } from "../db/upload-entity.js";
import { KuraError } from "../errors/kura-error.js";
import type { Logger } from "../log/logger.js";
import type { ObjectStore, StagedObject } from "../storage/object-store.js";
import { ArchiveMeter } from "./archive-meter.js";
import { foldFilename } from "./fold-filename.js";
import { objectKeyFor, uuidv7 } from "./ids.js";
import { recordUpload } from "./record-upload.js";

export interface IngestDeps {
  em: Em;
  store: ObjectStore;
  maxUploadBytes: number;
  zip?: ZipInspectorOptions;
}

export interface IngestInput {
  filename: string;
  contentType: string;
  /** The file's bytes; read once, in order. */
  body: Readable;
  /** Turns a failure of `body` itself (the request's fault) into the error the client sees. */
  sourceError?: (error: unknown) => Error;
  /** Lower-case hex SHA-256 the client says the bytes have. */
  declaredSha256?: string;
  /** An upper bound of the size, when known before reading (see `PutOptions.sizeHint`). */
  sizeHint?: number;
}

const MAX_FILENAME_LENGTH = 1024;
const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Checks the input that needs no bytes, so that a bad request fails before the upload is read.
 * Returns the normalised declared checksum.
 */
export function checkIngestInput(
  filename: string,
  sha256: string | null | undefined,
): string | undefined {
  if (filename.length === 0) {
    throw KuraError.badInput("The file part has no file name.", "filename_missing");
  }
  // Counted in code points, as the database column counts: an emoji is one character.
  if ([...filename].length > MAX_FILENAME_LENGTH) {
    throw KuraError.badInput(
      `The file name is longer than ${MAX_FILENAME_LENGTH} characters.`,
      "filename_too_long",
    );
  }
  // No file system allows NUL in a name, and SQL text cannot carry it either.
  if (filename.includes("\u0000")) {
    throw KuraError.badInput("The file name contains a NUL character.", "filename_nul");
  }
  if (sha256 === null || sha256 === undefined) return undefined;

  const normalised = sha256.toLowerCase();
  if (!SHA256_HEX.test(normalised)) {
    throw KuraError.badInput("sha256 must be 64 hexadecimal digits.", "sha256_format");
  }
  return normalised;
}

/**
 * Streams one archive to storage while it is measured and inspected, then records it. The object
 * is committed only after the whole archive passed, and the row only after the object exists; if
 * recording fails the object is removed again, so neither outlives the other.
 */
export async function ingestUpload(
  deps: IngestDeps,
  input: IngestInput,
  log: Logger,
): Promise<UploadRow> {
  const started = performance.now();
  const createdAt = new Date();
  const id = uuidv7(createdAt.getTime());
  const key = objectKeyFor(id, createdAt);
  const meter = new ArchiveMeter(
    new ZipInspector(deps.zip),
    deps.maxUploadBytes,
    input.declaredSha256,
  );

  // The source's failures (client gone, size limit in the multipart parser) must fail the put too.
  input.body.once("error", (error) => meter.destroy(input.sourceError?.(error) ?? error));
  input.body.pipe(meter);

  let staged: StagedObject;
  try {
    staged = await deps.store.put(key, meter, {
      contentType: input.contentType,
      sizeHint: input.sizeHint,
    });
  } catch (error) {
    input.body.unpipe(meter);
    input.body.resume();
    logRefusal(log, id, error, started);
    throw error;
  }

  const { size, sha256, archive } = meter.measurement;
  const row: UploadRow = {
    id,
    filename: input.filename,
    filenameFolded: foldFilename(input.filename),
    objectKey: key,
    size,
    sha256,
    contentType: input.contentType,
    entryCount: archive.entryCount,
    uncompressedSize: archive.uncompressedSize,
    verified: archive.verified,
    prefixBytes: archive.prefixBytes,
    createdAt,
  };

  await staged.commit().catch(async (error: unknown) => {
    await staged.discard();
    throw error;
  });

  // The database is touched only now: no connection is held while the bytes stream.
  const recording = performance.now();
  try {
    await recordUpload(deps.em, row, archive.entries);
  } catch (error) {
    await deps.store.delete(key);
    throw error;
  }

  log.info(
    {
      event: "upload.accepted",
      uploadId: id,
      bytes: size,
      entries: archive.entryCount,
      verified: archive.verified,
      recordMs: Math.round(performance.now() - recording),
      durationMs: Math.round(performance.now() - started),
    },
    "upload accepted",
  );
  return row;
}

function logRefusal(log: Logger, uploadId: string, error: unknown, started: number): void {
  const durationMs = Math.round(performance.now() - started);
  if (error instanceof KuraError && error.code !== "INTERNAL_SERVER_ERROR") {
    log.info(
      {
        event: "upload.rejected",
        uploadId,
        code: error.code,
        reason: error.details.reason,
        entry: error.details.entry,
        limit: error.details.limit,
        durationMs,
      },
      error.message,
    );
    return;
  }
  log.warn({ event: "upload.failed", uploadId, err: error, durationMs }, "upload failed");
}
