import { u16, u32, u64 } from "./bytes.js";
import type { ByteFeed } from "./feed.js";
import { decodeText } from "./names.js";
import { ZipRejection } from "./rejection.js";
import {
  END_OF_CENTRAL_DIRECTORY,
  END_SIZE,
  MAX_U16,
  MAX_U32,
  ZIP64_END,
  ZIP64_END_SIZE,
  ZIP64_LOCATOR,
  ZIP64_LOCATOR_SIZE,
} from "./signatures.js";

/** What the end records say about the central directory, ZIP64 values in place. */
export interface ArchiveEnd {
  entryCount: number;
  directorySize: number;
  directoryOffset: number;
  comment: string;
  zip64: boolean;
  /** Where the ZIP64 locator says the ZIP64 end record is, and where it really was. */
  zip64End: { declared: number; actual: number } | null;
}

interface Zip64End {
  offset: number;
  entryCount: number;
  directorySize: number;
  directoryOffset: number;
}

/** Reads the ZIP64 end record and locator, when present, then the end record and its comment. */
export async function readEndRecords(feed: ByteFeed, signature: number): Promise<ArchiveEnd> {
  let zip64: Zip64End | null = null;
  let declaredZip64End = 0;
  if (signature === ZIP64_END) {
    zip64 = await readZip64End(feed);
    signature = await peekSignature(feed);
    if (signature !== ZIP64_LOCATOR) throw badSignature(feed, "ZIP64 end locator");

    declaredZip64End = await readLocator(feed);
    signature = await peekSignature(feed);
  }
  if (signature !== END_OF_CENTRAL_DIRECTORY) throw badSignature(feed, "end record");

  const record = await feed.read(END_SIZE);
  if (u16(record, 4) !== 0 || u16(record, 6) !== 0) throw multiDisk();

  const comment = decodeText(await feed.read(u16(record, 20)), false);
  // Saturated fields defer to the ZIP64 record; without one they are taken at face value
  // (an archive of exactly 65,535 entries needs no ZIP64).
  const pick = (value: number, max: number, wide: number | undefined) =>
    value === max && wide !== undefined ? wide : value;
  return {
    entryCount: pick(u16(record, 10), MAX_U16, zip64?.entryCount),
    directorySize: pick(u32(record, 12), MAX_U32, zip64?.directorySize),
    directoryOffset: pick(u32(record, 16), MAX_U32, zip64?.directoryOffset),
    comment,
    zip64: zip64 !== null,
    zip64End: zip64 === null ? null : { declared: declaredZip64End, actual: zip64.offset },
  };
}

export async function peekSignature(feed: ByteFeed): Promise<number> {
  await feed.need(4);
  return u32(feed.peek(4), 0);
}

async function readZip64End(feed: ByteFeed): Promise<Zip64End> {
  const offset = feed.position;
  const record = await feed.read(ZIP64_END_SIZE);
  // The size field counts everything after itself; the extensible data past the fixed part is skipped.
  const recordSize = u64(record, 4);
  if (recordSize < ZIP64_END_SIZE - 12) {
    throw ZipRejection.corrupt(`The ZIP64 end record at ${offset} is too short.`);
  }

  if (u32(record, 16) !== 0 || u32(record, 20) !== 0) throw multiDisk();

  await feed.discard(recordSize - (ZIP64_END_SIZE - 12));
  return {
    offset,
    entryCount: u64(record, 32),
    directorySize: u64(record, 40),
    directoryOffset: u64(record, 48),
  };
}

async function readLocator(feed: ByteFeed): Promise<number> {
  const record = await feed.read(ZIP64_LOCATOR_SIZE);
  // Writers disagree on whether a single-disk archive has 0 or 1 disks in total.
  if (u32(record, 4) !== 0 || u32(record, 16) > 1) throw multiDisk();

  return u64(record, 8);
}

function multiDisk(): ZipRejection {
  return ZipRejection.invalid(
    "multi_disk",
    "Archives split across several disks are not accepted.",
  );
}

export function badSignature(feed: ByteFeed, expected: string): ZipRejection {
  return ZipRejection.invalid(
    "bad_signature",
    `Expected the ${expected} at byte ${feed.position}, found something else.`,
  );
}
