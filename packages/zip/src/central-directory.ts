import { u16, u32 } from "./bytes.js";
import { dosTimeAt } from "./dos-time.js";
import { extendedModifiedAt, readExtraFields, resolveZip64 } from "./extra-fields.js";
import type { ByteFeed } from "./feed.js";
import { isMetadataPath, recordName } from "./names.js";
import { CENTRAL_HEADER_SIZE, FLAG_UTF8, MAX_U16, MAX_U32 } from "./signatures.js";

/** One central directory record, with ZIP64 values already in place. */
export interface CentralRecord {
  rawName: string;
  path: string;
  method: number;
  crc32: number;
  compressedSize: number;
  size: number;
  /** Offset of the local header as the record states it (before any stub adjustment). */
  localOffset: number;
  disk: number;
  /** Milliseconds since 1970; NaN when the record has no usable time. */
  modifiedAt: number;
  isMetadata: boolean;
  zip64: boolean;
  /** The writer's host system (high byte) and spec version. */
  versionMadeBy: number;
  /** Host-specific attributes; Unix hosts keep the file mode in the high 16 bits. */
  externalAttributes: number;
}

/** Reads one record; the feed is at its signature. */
export async function readCentralRecord(feed: ByteFeed): Promise<CentralRecord> {
  const header = await feed.read(CENTRAL_HEADER_SIZE);
  const variable = await feed.read(variableLength(header, 0));
  return parseCentralRecord(Buffer.concat([header, variable]), 0);
}

/**
 * The record at the feed's position when all of it is queued, read without a wait (a directory
 * of thousands of records arrives in a few chunks); otherwise null.
 */
export function takeCentralRecord(feed: ByteFeed): CentralRecord | null {
  if (feed.queued < CENTRAL_HEADER_SIZE) return null;

  const fixed = feed.span(CENTRAL_HEADER_SIZE);
  const length = CENTRAL_HEADER_SIZE + variableLength(fixed, feed.spanAt);
  if (feed.queued < length) return null;

  const record = parseCentralRecord(feed.span(length), feed.spanAt);
  feed.skip(length);
  return record;
}

function variableLength(header: Uint8Array, at: number): number {
  return u16(header, at + 28) + u16(header, at + 30) + u16(header, at + 32);
}

// Reads the record starting `at` in `bytes` by offset: a directory has a record per entry, and a
// view or an object per field would cost more than the reading.
function parseCentralRecord(bytes: Buffer, at: number): CentralRecord {
  const flags = u16(bytes, at + 8);
  const nameStart = at + CENTRAL_HEADER_SIZE;
  const nameEnd = nameStart + u16(bytes, at + 28);
  const rawText = bytes.toString("latin1", nameStart, nameEnd);
  const extras = readExtraFields(bytes, nameEnd, u16(bytes, at + 30));
  const utf8 = (flags & FLAG_UTF8) !== 0;
  const path = recordName(bytes, nameStart, nameEnd, rawText, extras.unicodePath, utf8);
  let size = u32(bytes, at + 24);
  let compressedSize = u32(bytes, at + 20);
  let localOffset = u32(bytes, at + 42);
  let disk = u16(bytes, at + 34);
  if (
    size === MAX_U32 ||
    compressedSize === MAX_U32 ||
    localOffset === MAX_U32 ||
    disk === MAX_U16
  ) {
    const resolved = resolveZip64(
      extras.zip64,
      { size, compressedSize, offset: localOffset, disk },
      path,
    );
    ({ size, compressedSize, disk } = resolved);
    localOffset = resolved.offset;
  }
  const stamped = extendedModifiedAt(extras.timestamp);
  return {
    rawName: rawText,
    path,
    method: u16(bytes, at + 10),
    crc32: u32(bytes, at + 16),
    compressedSize,
    size,
    localOffset,
    disk,
    modifiedAt: Number.isNaN(stamped) ? dosTimeAt(bytes, at + 12) : stamped,
    isMetadata: isMetadataPath(path),
    zip64: extras.zip64 !== undefined,
    versionMadeBy: u16(bytes, at + 4),
    externalAttributes: u32(bytes, at + 38),
  };
}
