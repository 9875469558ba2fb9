import { u16 } from "./bytes.js";
import { type CentralRecord, readCentralRecord } from "./central-directory.js";
import { peekSignature } from "./end-records.js";
import type { ByteFeed } from "./feed.js";
import type { LocalEntry } from "./local-entry.js";
import { ZipRejection } from "./rejection.js";
import { CENTRAL_HEADER, DIGITAL_SIGNATURE } from "./signatures.js";
import type { ZipEntryInfo } from "./summary.js";

/** The central directory as read, each record matched to the local entry it describes. */
export interface Directory {
  entries: ZipEntryInfo[];
  start: number;
  size: number;
  /** What the directory's offsets are relative to: 0, or the stub length if no tool adjusted them. */
  base: number;
  zip64: boolean;
  /** The signature of the record after the directory. */
  next: number;
}

/**
 * Reads central directory records while they come and checks each against the local header it
 * points to, so that the listing a client sees is the data that was actually stored.
 */
export async function readDirectory(
  feed: ByteFeed,
  locals: Map<number, LocalEntry>,
  prefixBytes: number,
): Promise<Directory> {
  const start = feed.position;
  const entries: ZipEntryInfo[] = [];
  const matched = new Set<number>();
  let base: number | null = prefixBytes === 0 ? 0 : null;
  let zip64 = false;
  let next = await peekSignature(feed);
  while (next === CENTRAL_HEADER) {
    const record = await readCentralRecord(feed);
    // A stub prepended without `zip -A` leaves offsets relative to the archive, not the file.
    base ??= locals.has(record.localOffset) ? 0 : prefixBytes;
    const local = locals.get(record.localOffset + base);
    if (local === undefined || matched.has(local.offset)) throw strayRecord(record);

    matched.add(local.offset);
    checkAgainstLocal(record, local);
    zip64 ||= record.zip64 || local.zip64;
    entries.push(toEntryInfo(record, local));
    next = await peekSignature(feed);
  }
  if (next === DIGITAL_SIGNATURE) {
    // Part of the directory by the spec; its content is not checked here.
    const head = await feed.read(6);
    await feed.discard(u16(head, 4));
    next = await peekSignature(feed);
  }
  if (entries.length !== locals.size) {
    throw ZipRejection.corrupt(
      `The central directory lists ${entries.length} entries; the archive holds ${locals.size}.`,
    );
  }

  return { entries, start, size: feed.position - start, base: base ?? 0, zip64, next };
}

function checkAgainstLocal(record: CentralRecord, local: LocalEntry): void {
  const entry = record.path;
  if (record.disk !== 0) {
    throw ZipRejection.invalid("multi_disk", `Entry "${entry}" lies on another disk.`, { entry });
  }

  if (record.rawName !== local.rawName || record.method !== local.method) {
    throw ZipRejection.corrupt(
      `Entry "${entry}": the central directory and the local header disagree on name or method.`,
      { entry },
    );
  }

  if (record.crc32 !== local.crc32) {
    throw ZipRejection.invalid(
      "crc_mismatch",
      `Entry "${entry}": the central directory records a different CRC-32.`,
      { entry },
    );
  }

  if (record.compressedSize !== local.compressedSize || record.size !== local.size) {
    throw ZipRejection.corrupt(
      `Entry "${entry}": the central directory and the data disagree on sizes.`,
      { entry },
    );
  }
}

function toEntryInfo(record: CentralRecord, local: LocalEntry): ZipEntryInfo {
  return {
    path: record.path,
    size: record.size,
    compressedSize: record.compressedSize,
    crc32: record.crc32,
    method: record.method,
    isDirectory: record.path.endsWith("/"),
    modifiedAt: record.modifiedAt,
    isMetadata: record.isMetadata,
    verified: local.verified,
  };
}

function strayRecord(record: CentralRecord): ZipRejection {
  return ZipRejection.corrupt(
    `Entry "${record.path}": the central directory points at ${record.localOffset}, ` +
      "where no unclaimed local header starts.",
    { entry: record.path },
  );
}
