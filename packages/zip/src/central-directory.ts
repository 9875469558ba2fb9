import { asBuffer, u16, u32 } from "./bytes.js";
import { fromDosDateTime } from "./dos-time.js";
import {
  extendedModifiedAt,
  parseExtraFields,
  resolveZip64,
  unicodePathBytes,
} from "./extra-fields.js";
import type { ByteFeed } from "./feed.js";
import { decodeEntryName, isMetadataPath } from "./names.js";
import { CENTRAL_HEADER_SIZE, FLAG_UTF8 } from "./signatures.js";

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
  modifiedAt: Date | null;
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
  return parseCentralRecord(header, await feed.read(variableLength(header)));
}

/**
 * The record at the feed's position when all of it is queued, read without a wait (a directory
 * of thousands of records arrives in a few chunks); otherwise null.
 */
export function takeCentralRecord(feed: ByteFeed): CentralRecord | null {
  if (feed.queued < CENTRAL_HEADER_SIZE) return null;

  const header = feed.peek(CENTRAL_HEADER_SIZE);
  const length = CENTRAL_HEADER_SIZE + variableLength(header);
  if (feed.queued < length) return null;

  const record = feed.take(length);
  return parseCentralRecord(record, record.subarray(CENTRAL_HEADER_SIZE));
}

function variableLength(header: Uint8Array): number {
  return u16(header, 28) + u16(header, 30) + u16(header, 32);
}

function parseCentralRecord(header: Uint8Array, variable: Uint8Array): CentralRecord {
  const flags = u16(header, 8);
  const nameLength = u16(header, 28);
  const extraLength = u16(header, 30);
  const rawName = variable.subarray(0, nameLength);
  const extras = parseExtraFields(variable.subarray(nameLength, nameLength + extraLength));
  const unicodePath = unicodePathBytes(extras.unicodePath, rawName);
  const path = decodeEntryName(rawName, (flags & FLAG_UTF8) !== 0, unicodePath);
  const resolved = resolveZip64(
    extras.zip64,
    {
      size: u32(header, 24),
      compressedSize: u32(header, 20),
      offset: u32(header, 42),
      disk: u16(header, 34),
    },
    path,
  );
  return {
    rawName: asBuffer(rawName).toString("latin1"),
    path,
    method: u16(header, 10),
    crc32: u32(header, 16),
    compressedSize: resolved.compressedSize,
    size: resolved.size,
    localOffset: resolved.offset,
    disk: resolved.disk,
    modifiedAt:
      extendedModifiedAt(extras.timestamp) ?? fromDosDateTime(u16(header, 14), u16(header, 12)),
    isMetadata: isMetadataPath(path),
    zip64: extras.zip64 !== undefined,
    versionMadeBy: u16(header, 4),
    externalAttributes: u32(header, 38),
  };
}
