import type { ArchiveBudget } from "./budget.js";
import { u16, u32 } from "./bytes.js";
import { dosTimeAt } from "./dos-time.js";
import { type DataFacts, type DataHeader, readEntryData } from "./entry-data.js";
import { extendedModifiedAt, readExtraFields, resolveZip64 } from "./extra-fields.js";
import type { ByteFeed } from "./feed.js";
import type { InflateQueue } from "./inflate-queue.js";
import type { LocalEntries, LocalFacts } from "./local-entries.js";
import { isMetadataPath, isPlainName, recordName } from "./names.js";
import { checkEntryName } from "./names-policy.js";
import type { ResolvedOptions } from "./options.js";
import { ZipRejection } from "./rejection.js";
import {
  FLAG_DESCRIPTOR,
  FLAG_ENCRYPTED,
  FLAG_STRONG_ENCRYPTION,
  FLAG_UTF8,
  LOCAL_HEADER_SIZE,
  METHOD_AES,
} from "./signatures.js";
import type { EntryList } from "./summary-transfer.js";

/** What the walk over the local entries carries from one entry to the next. */
export interface LocalWalk {
  options: ResolvedOptions;
  budget: ArchiveBudget;
  /** Full verification's inflation queue; null for structural checks only. */
  queue: InflateQueue | null;
  locals: LocalEntries;
  /**
   * A line per local entry, as its header describes it, in stream order: the listing, as long as
   * the central directory lists the same entries in the same order and says no more of them.
   */
  listing: EntryList;
}

/** A local header's fields, parsed but not yet judged. */
export interface LocalHeader extends LocalFacts {
  flags: number;
  crc32: number;
  /** Flag bit 3: the sizes come after the data, in a descriptor. */
  streamed: boolean;
  /** The 32-bit size fields (placeholders when streamed). */
  size: number;
  compressedSize: number;
  /** Milliseconds since 1970 (extended timestamp, else DOS time); NaN when there is none. */
  modifiedAt: number;
}

/** Parses the header starting `at` in `bytes`, which hold all of it (name and extra field too). */
export function parseLocalHeader(bytes: Buffer, at: number): LocalHeader {
  const flags = u16(bytes, at + 6);
  const nameStart = at + LOCAL_HEADER_SIZE;
  const nameEnd = nameStart + u16(bytes, at + 26);
  const rawText = bytes.toString("latin1", nameStart, nameEnd);
  const extras = readExtraFields(bytes, nameEnd, u16(bytes, at + 28));
  const utf8 = (flags & FLAG_UTF8) !== 0;
  const plainName = isPlainName(rawText, extras.unicodePath);
  const stamped = extendedModifiedAt(extras.timestamp);
  const name = plainName
    ? rawText
    : recordName(bytes, nameStart, nameEnd, rawText, extras.unicodePath, utf8);
  return {
    flags,
    method: u16(bytes, at + 8),
    crc32: u32(bytes, at + 14),
    rawText,
    name,
    plainName,
    zip64: extras.zip64,
    streamed: (flags & FLAG_DESCRIPTOR) !== 0,
    size: u32(bytes, at + 22),
    compressedSize: u32(bytes, at + 18),
    modifiedAt: Number.isNaN(stamped) ? dosTimeAt(bytes, at + 10) : stamped,
    stamp: Number.isNaN(stamped) ? u32(bytes, at + 10) : -1,
  };
}

/** Bytes of the header's name and extra field. */
export function variableLength(bytes: Uint8Array, at: number): number {
  return u16(bytes, at + 26) + u16(bytes, at + 28);
}

/**
 * The checks a header meets before any of its data is read: entry count, name, clashes,
 * encryption.
 */
export function judgeLocalHeader(header: LocalHeader, walk: LocalWalk): void {
  const { name } = header;
  walk.budget.countEntry(name);
  checkEntryName(name, walk.options.limits.maxNameLength);
  walk.locals.claimName(name);
  // Encrypted data can be neither checked nor, when its sizes come after it, even delimited;
  // such an archive is refused before any of it is read.
  const encryption = encryptionOf(header.flags, header.method);
  if (encryption !== null) throw ZipRejection.encrypted(name, encryption);
}

/** What the data's reader needs from a judged header, ZIP64 sizes in place. */
export function dataHeader(header: LocalHeader): DataHeader {
  const { name } = header;
  // With flag bit 3 the header's sizes are placeholders; the descriptor gives the real ones.
  const sizes = header.streamed
    ? { size: 0, compressedSize: 0 }
    : resolveZip64(
        header.zip64,
        { size: header.size, compressedSize: header.compressedSize },
        name,
      );
  return {
    entry: name,
    method: header.method,
    streamed: header.streamed,
    zip64: header.zip64 !== undefined,
    crc32: header.crc32,
    compressedSize: sizes.compressedSize,
    size: sizes.size,
  };
}

/**
 * The entry once its data has passed: adds it, and its sizes, to the archive's, and its line to
 * the listing. Returns its index among the local entries.
 */
export function localEntry(
  offset: number,
  end: number,
  header: LocalHeader,
  facts: DataFacts,
  walk: LocalWalk,
): number {
  const { name } = header;
  walk.budget.add(name, facts.size, facts.compressedSize);
  const index = walk.locals.add(offset, end, header, facts);
  walk.listing.add(
    name,
    facts.size,
    facts.compressedSize,
    facts.crc32,
    header.method,
    header.modifiedAt,
    isMetadataPath(name),
    facts.verified,
  );
  return index;
}

/**
 * Reads a local header (the feed is at its signature), then its data and descriptor, waiting for
 * bytes as needed. The name and the declared sizes are judged before any data is read.
 */
export async function readLocalEntry(feed: ByteFeed, walk: LocalWalk): Promise<number> {
  const offset = feed.position;
  const fixed = await feed.read(LOCAL_HEADER_SIZE);
  const variable = await feed.read(variableLength(fixed, 0));
  const header = parseLocalHeader(Buffer.concat([fixed, variable]), 0);
  judgeLocalHeader(header, walk);
  const facts = await readEntryData(feed, dataHeader(header), walk.queue, walk.budget);
  return localEntry(offset, feed.position, header, facts, walk);
}

function encryptionOf(flags: number, method: number): string | null {
  if (method === METHOD_AES) return "aes";

  if ((flags & FLAG_STRONG_ENCRYPTION) !== 0) return "strong_encryption";

  return (flags & FLAG_ENCRYPTED) !== 0 ? "zipcrypto" : null;
}
