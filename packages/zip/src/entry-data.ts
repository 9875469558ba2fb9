import { crc32 } from "node:zlib";
import type { ArchiveBudget } from "./budget.js";
import { crcMismatch, readDescriptor } from "./descriptor.js";
import { locateSignedDescriptor, scanForDescriptor } from "./descriptor-scan.js";
import type { ByteFeed } from "./feed.js";
import { inflateEntry, sizeMismatch } from "./inflate.js";
import { InflateQueue } from "./inflate-queue.js";
import { ZipRejection } from "./rejection.js";
import { METHOD_DEFLATED, METHOD_STORED } from "./signatures.js";

/** What the local header says about the data that follows it. */
export interface DataHeader {
  entry: string;
  method: number;
  /** Flag bit 3: sizes and CRC come after the data, in a descriptor. */
  streamed: boolean;
  zip64: boolean;
  crc32: number;
  compressedSize: number;
  size: number;
}

/** The facts about an entry's data once it has passed. */
export interface DataFacts {
  crc32: number;
  compressedSize: number;
  size: number;
  verified: boolean;
}

/**
 * Consumes one entry's data (and descriptor), checking what `verify` asks for. Declared sizes are
 * held against the budget before the data is read, inflated sizes while it inflates. With a
 * `queue` (full verification), small deflated entries are checked on the inflation worker: the facts
 * returned are then the headers' promises, which the queue holds the data to before the verdict.
 */
export function readEntryData(
  feed: ByteFeed,
  header: DataHeader,
  queue: InflateQueue | null,
  budget: ArchiveBudget,
): Promise<DataFacts> {
  const inflate = header.method === METHOD_DEFLATED && queue !== null;
  if (header.streamed) {
    return inflate
      ? inflateStreamed(feed, header, queue, budget)
      : scanStreamed(feed, header, budget);
  }

  if (header.method === METHOD_STORED && header.compressedSize !== header.size) {
    throw ZipRejection.corrupt(`Stored entry "${header.entry}" declares two different sizes.`, {
      entry: header.entry,
    });
  }

  budget.checkDeclared(header.entry, header.size, header.compressedSize);
  if (inflate) return inflateSized(feed, header, queue, budget);

  if (header.method === METHOD_STORED && queue !== null) return checkStored(feed, header);

  return skipUnchecked(feed, header);
}

async function inflateSized(
  feed: ByteFeed,
  header: DataHeader,
  queue: InflateQueue,
  budget: ArchiveBudget,
): Promise<DataFacts> {
  // Some writers give empty entries no deflate data at all, not even an empty final block.
  if (header.compressedSize === 0 && header.size === 0) return checked(header, 0);

  const bound = budget.boundFor(header.entry, header.size);
  const { entry, compressedSize, size, crc32 } = header;
  if (InflateQueue.takes(compressedSize, size)) {
    await feed.need(compressedSize);
    const data = feed.take(compressedSize);
    await queue.add(data, { entry, sized: true, compressedSize, size, crc32, bound });
    return { crc32, compressedSize, size, verified: true };
  }

  const inflated = await inflateEntry(feed, header.compressedSize, bound, header.entry);
  if (inflated.size !== header.size) throw sizeMismatch(header.entry);

  return checked(header, inflated.crc32);
}

async function checkStored(feed: ByteFeed, header: DataHeader): Promise<DataFacts> {
  let crc = 0;
  let left = header.compressedSize;
  while (left > 0) {
    await feed.need(1);
    const step = Math.min(left, feed.queued);
    crc = skipWithCrc(feed, step, crc);
    left -= step;
  }
  return checked(header, crc);
}

/** Skips `count` bytes that are all queued, folding them into `crc` on the way. */
export function skipWithCrc(feed: ByteFeed, count: number, crc: number): number {
  for (let left = count; left > 0; ) {
    const piece = feed.view().subarray(0, left);
    crc = crc32(piece, crc);
    feed.skip(piece.byteLength);
    left -= piece.byteLength;
  }
  return crc;
}

/** The facts of data whose CRC-32 was computed: it must be the one the headers promise. */
export function checked(header: DataHeader, crc: number): DataFacts {
  if (crc !== header.crc32) throw crcMismatch(header.entry);

  const { compressedSize, size } = header;
  return { crc32: crc, compressedSize, size, verified: true };
}

async function skipUnchecked(feed: ByteFeed, header: DataHeader): Promise<DataFacts> {
  await feed.discard(header.compressedSize);
  const { crc32, compressedSize, size } = header;
  return { crc32, compressedSize, size, verified: false };
}

async function inflateStreamed(
  feed: ByteFeed,
  header: DataHeader,
  queue: InflateQueue,
  budget: ArchiveBudget,
): Promise<DataFacts> {
  const bound = budget.boundFor(header.entry, null);
  // The end is taken from a signed descriptor only when the next header follows it; the worker
  // then proves that the deflate stream ends exactly there, or the archive is refused.
  const located = await locateSignedDescriptor(feed, header.zip64);
  if (located !== null && InflateQueue.takes(located.compressedSize, located.size)) {
    const { compressedSize, size, crc32 } = located;
    const data = feed.take(compressedSize);
    feed.skip(located.length);
    await queue.add(data, {
      entry: header.entry,
      sized: false,
      compressedSize,
      size,
      crc32,
      bound,
    });
    return { crc32, compressedSize, size, verified: true };
  }

  const inflated = await inflateEntry(feed, null, bound, header.entry);
  const found = await readDescriptor(feed, inflated, header.zip64, header.entry);
  return { ...found, verified: true };
}

async function scanStreamed(
  feed: ByteFeed,
  header: DataHeader,
  budget: ArchiveBudget,
): Promise<DataFacts> {
  const found = await scanForDescriptor(feed, {
    stored: header.method === METHOD_STORED,
    zip64: header.zip64,
    entry: header.entry,
  });
  const { crc32, compressedSize, size } = found;
  budget.checkDeclared(header.entry, size, compressedSize);
  return { crc32, compressedSize, size, verified: found.crcChecked };
}
