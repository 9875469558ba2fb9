import type { ArchiveBudget } from "./budget.js";
import { asBuffer, u16, u32 } from "./bytes.js";
import { readEntryData } from "./entry-data.js";
import { parseExtraFields, resolveZip64, unicodePathBytes } from "./extra-fields.js";
import type { ByteFeed } from "./feed.js";
import type { InflateQueue } from "./inflate-queue.js";
import { decodeEntryName } from "./names.js";
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

/** One local header and what its data turned out to hold. */
export interface LocalEntry {
  /** Where the header starts in the stream. */
  offset: number;
  /** Just past its data and descriptor. */
  end: number;
  /** The name bytes as a latin1 string, to compare with the central directory exactly. */
  rawName: string;
  name: string;
  method: number;
  crc32: number;
  compressedSize: number;
  size: number;
  zip64: boolean;
  verified: boolean;
}

/**
 * Reads a local header (the feed is at its signature), then its data and descriptor. The name and
 * the declared sizes are judged before any data is read.
 */
export async function readLocalEntry(
  feed: ByteFeed,
  options: ResolvedOptions,
  budget: ArchiveBudget,
  queue: InflateQueue | null,
): Promise<LocalEntry> {
  const offset = feed.position;
  // Reads without a wait when the bytes are queued, as they mostly are.
  const header =
    feed.queued >= LOCAL_HEADER_SIZE
      ? feed.take(LOCAL_HEADER_SIZE)
      : await feed.read(LOCAL_HEADER_SIZE);
  const flags = u16(header, 6);
  const method = u16(header, 8);
  const nameLength = u16(header, 26);
  const variableLength = nameLength + u16(header, 28);
  const variable =
    feed.queued >= variableLength ? feed.take(variableLength) : await feed.read(variableLength);
  const rawName = variable.subarray(0, nameLength);
  const extras = parseExtraFields(variable.subarray(nameLength));
  const unicodePath = unicodePathBytes(extras.unicodePath, rawName);
  const name = decodeEntryName(rawName, (flags & FLAG_UTF8) !== 0, unicodePath);
  budget.countEntry(name);
  checkEntryName(name, options.limits.maxNameLength);
  // Encrypted data can be neither checked nor, when its sizes come after it, even delimited;
  // such an archive is refused before any of it is read.
  const encryption = encryptionOf(flags, method);
  if (encryption !== null) throw ZipRejection.encrypted(name, encryption);

  const streamed = (flags & FLAG_DESCRIPTOR) !== 0;
  // With flag bit 3 the header's sizes are placeholders; the descriptor gives the real ones.
  const sizes = streamed
    ? { size: 0, compressedSize: 0 }
    : resolveZip64(extras.zip64, { size: u32(header, 22), compressedSize: u32(header, 18) }, name);
  const facts = await readEntryData(
    feed,
    {
      entry: name,
      method,
      streamed,
      zip64: extras.zip64 !== undefined,
      crc32: u32(header, 14),
      compressedSize: sizes.compressedSize,
      size: sizes.size,
    },
    queue,
    budget,
  );
  budget.add(name, facts.size, facts.compressedSize);
  return {
    offset,
    end: feed.position,
    rawName: asBuffer(rawName).toString("latin1"),
    name,
    method,
    zip64: extras.zip64 !== undefined,
    ...facts,
  };
}

function encryptionOf(flags: number, method: number): string | null {
  if (method === METHOD_AES) return "aes";

  if ((flags & FLAG_STRONG_ENCRYPTION) !== 0) return "strong_encryption";

  return (flags & FLAG_ENCRYPTED) !== 0 ? "zipcrypto" : null;
}
