import type { ArchiveBudget } from "./budget.js";
import { type LocatedDescriptor, locateQueuedDescriptor } from "./descriptor-scan.js";
import { checked, type DataFacts, type DataHeader, skipWithCrc } from "./entry-data.js";
import type { ByteFeed } from "./feed.js";
import { InflateQueue } from "./inflate-queue.js";
import {
  judgeLocalHeader,
  type LocalEntry,
  type LocalHeader,
  type LocalWalk,
  localEntry,
  parseLocalHeader,
  variableLength,
} from "./local-entry.js";
import { ZipRejection } from "./rejection.js";
import { LOCAL_HEADER_SIZE, METHOD_DEFLATED, METHOD_STORED } from "./signatures.js";

/** Where an entry's data ends, found in queued bytes before anything is consumed. */
type Plan =
  | { kind: "sized"; compressedSize: number }
  | { kind: "signed"; descriptor: LocatedDescriptor };

/**
 * Reads a local entry without waiting, when its header, data and descriptor are all queued
 * already, as they are for most entries of an archive of small files. It reaches the same verdict,
 * in the same order, as `readLocalEntry`; when the queued bytes do not settle where the data ends
 * (or the entry needs streaming inflation or a byte-by-byte descriptor search), it returns null
 * having consumed and counted nothing, and the caller takes the waiting path.
 */
export function takeLocalEntry(feed: ByteFeed, walk: LocalWalk): LocalEntry | null {
  if (feed.queued < LOCAL_HEADER_SIZE) return null;

  const fixed = feed.peek(LOCAL_HEADER_SIZE);
  const dataStart = LOCAL_HEADER_SIZE + variableLength(fixed);
  if (feed.queued < dataStart) return null;

  const header = parseLocalHeader(fixed, feed.peek(dataStart).subarray(LOCAL_HEADER_SIZE));
  const { queue, budget } = walk;
  const plan = planData(feed, header, dataStart, queue);
  if (plan === null) return null;

  const offset = feed.position;
  const data = judgeLocalHeader(header, walk);
  feed.skip(dataStart);
  const facts =
    plan.kind === "signed"
      ? takeSigned(feed, data, plan.descriptor, queue, budget)
      : takeSized(feed, data, queue, budget);
  return localEntry(offset, feed.position, header, facts, walk);
}

// Only the common shapes: 32-bit sizes, no encryption, and data the queue or a skip can take.
function planData(
  feed: ByteFeed,
  header: LocalHeader,
  dataStart: number,
  queue: InflateQueue | null,
): Plan | null {
  if (header.zip64 !== undefined || (header.flags & 0x41) !== 0 || header.method === 99) {
    return null;
  }

  const inflate = header.method === METHOD_DEFLATED && queue !== null;
  if (header.streamed) {
    // Stored data is searched byte by byte, with its CRC, on the waiting path.
    if (header.method === METHOD_STORED) return null;

    const descriptor = locateQueuedDescriptor(feed, dataStart, false);
    if (descriptor === undefined || descriptor === null) return null;

    if (inflate && !InflateQueue.takes(descriptor.compressedSize, descriptor.size)) return null;

    return { kind: "signed", descriptor };
  }

  const { compressedSize, size } = header;
  if (compressedSize === 0xffffffff || size === 0xffffffff) return null;

  if (feed.queued < dataStart + compressedSize) return null;

  if (inflate && !InflateQueue.takes(compressedSize, size)) return null;

  return { kind: "sized", compressedSize };
}

function takeSigned(
  feed: ByteFeed,
  header: DataHeader,
  descriptor: LocatedDescriptor,
  queue: InflateQueue | null,
  budget: ArchiveBudget,
): DataFacts {
  const { crc32, compressedSize, size } = descriptor;
  if (header.method === METHOD_DEFLATED && queue !== null) {
    const bound = budget.boundFor(header.entry, null);
    const data = feed.take(compressedSize);
    feed.skip(descriptor.length);
    queue.push(data, { entry: header.entry, sized: false, compressedSize, size, crc32, bound });
    return { crc32, compressedSize, size, verified: true };
  }

  feed.skip(compressedSize + descriptor.length);
  budget.checkDeclared(header.entry, size, compressedSize);
  return { crc32, compressedSize, size, verified: false };
}

function takeSized(
  feed: ByteFeed,
  header: DataHeader,
  queue: InflateQueue | null,
  budget: ArchiveBudget,
): DataFacts {
  const { entry, method, compressedSize, size } = header;
  if (method === METHOD_STORED && compressedSize !== size) {
    throw ZipRejection.corrupt(`Stored entry "${entry}" declares two different sizes.`, { entry });
  }

  budget.checkDeclared(entry, size, compressedSize);
  if (queue === null || (method !== METHOD_DEFLATED && method !== METHOD_STORED)) {
    feed.skip(compressedSize);
    return { crc32: header.crc32, compressedSize, size, verified: false };
  }

  if (method === METHOD_DEFLATED) {
    // Some writers give empty entries no deflate data at all, not even an empty final block.
    if (compressedSize === 0 && size === 0) return checked(header, 0);

    const bound = budget.boundFor(entry, size);
    const data = feed.take(compressedSize);
    queue.push(data, { entry, sized: true, compressedSize, size, crc32: header.crc32, bound });
    return { crc32: header.crc32, compressedSize, size, verified: true };
  }

  return checked(header, skipWithCrc(feed, compressedSize, 0));
}
