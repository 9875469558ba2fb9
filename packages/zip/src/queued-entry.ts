import type { ArchiveBudget } from "./budget.js";
import { type LocatedDescriptor, locateQueuedDescriptor } from "./descriptor-scan.js";
import { checked, type DataFacts, skipWithCrc } from "./entry-data.js";
import type { ByteFeed } from "./feed.js";
import { InflateQueue } from "./inflate-queue.js";
import {
  dataHeader,
  judgeLocalHeader,
  type LocalHeader,
  type LocalWalk,
  localEntry,
  parseLocalHeader,
  variableLength,
} from "./local-entry.js";
import { ZipRejection } from "./rejection.js";
import {
  LOCAL_HEADER_SIZE,
  MAX_U32,
  METHOD_AES,
  METHOD_DEFLATED,
  METHOD_STORED,
} from "./signatures.js";

// The plan for data whose sizes the local header gives; a located descriptor is the other plan.
const SIZED = "sized";

/**
 * Reads a local entry without waiting, when its header, data and descriptor are all queued
 * already, as they are for most entries of an archive of small files. It reaches the same verdict,
 * in the same order, as `readLocalEntry`; when the queued bytes do not settle where the data ends
 * (or the entry needs streaming inflation or a byte-by-byte descriptor search), it returns null
 * having consumed and counted nothing, and the caller takes the waiting path.
 */
export function takeLocalEntry(feed: ByteFeed, walk: LocalWalk): number | null {
  if (feed.queued < LOCAL_HEADER_SIZE) return null;

  let bytes = feed.span(LOCAL_HEADER_SIZE);
  let at = feed.spanAt;
  const dataStart = LOCAL_HEADER_SIZE + variableLength(bytes, at);
  if (feed.queued < dataStart) return null;

  if (bytes.byteLength - at < dataStart) {
    bytes = feed.span(dataStart);
    at = feed.spanAt;
  }
  const header = parseLocalHeader(bytes, at);
  const { queue, budget } = walk;
  const plan = planData(feed, header, dataStart, queue);
  if (plan === null) return null;

  const offset = feed.position;
  judgeLocalHeader(header, walk);
  feed.skip(dataStart);
  const facts =
    plan === SIZED
      ? takeSized(feed, header, queue, budget)
      : takeSigned(feed, header, plan, queue, budget);
  return localEntry(offset, feed.position, header, facts, walk);
}

// Only the common shapes: 32-bit sizes, no encryption, and data the queue or a skip can take.
function planData(
  feed: ByteFeed,
  header: LocalHeader,
  dataStart: number,
  queue: InflateQueue | null,
): LocatedDescriptor | typeof SIZED | null {
  const { flags, method } = header;
  if (header.zip64 !== undefined || (flags & 0x41) !== 0 || method === METHOD_AES) return null;

  const inflate = method === METHOD_DEFLATED && queue !== null;
  if (header.streamed) {
    // Stored data is searched byte by byte, with its CRC, on the waiting path.
    if (method === METHOD_STORED) return null;

    const descriptor = locateQueuedDescriptor(feed, dataStart, false);
    if (descriptor === undefined || descriptor === null) return null;

    if (inflate && !InflateQueue.takes(descriptor.compressedSize, descriptor.size)) return null;

    return descriptor;
  }

  const { compressedSize, size } = header;
  if (compressedSize === MAX_U32 || size === MAX_U32) return null;

  if (feed.queued < dataStart + compressedSize) return null;

  if (inflate && !InflateQueue.takes(compressedSize, size)) return null;

  return SIZED;
}

function takeSigned(
  feed: ByteFeed,
  header: LocalHeader,
  descriptor: LocatedDescriptor,
  queue: InflateQueue | null,
  budget: ArchiveBudget,
): DataFacts {
  const { crc32, compressedSize, size } = descriptor;
  const entry = header.name;
  if (header.method === METHOD_DEFLATED && queue !== null) {
    const bound = budget.boundFor(entry, null);
    const data = feed.take(compressedSize);
    feed.skip(descriptor.length);
    queue.push(data, { entry, sized: false, compressedSize, size, crc32, bound });
    return { crc32, compressedSize, size, verified: true };
  }

  feed.skip(compressedSize + descriptor.length);
  budget.checkDeclared(entry, size, compressedSize);
  return { crc32, compressedSize, size, verified: false };
}

function takeSized(
  feed: ByteFeed,
  header: LocalHeader,
  queue: InflateQueue | null,
  budget: ArchiveBudget,
): DataFacts {
  const { name: entry, method, compressedSize, size, crc32 } = header;
  if (method === METHOD_STORED && compressedSize !== size) {
    throw ZipRejection.corrupt(`Stored entry "${entry}" declares two different sizes.`, { entry });
  }

  budget.checkDeclared(entry, size, compressedSize);
  if (queue === null || (method !== METHOD_DEFLATED && method !== METHOD_STORED)) {
    feed.skip(compressedSize);
    return { crc32, compressedSize, size, verified: false };
  }

  if (method === METHOD_STORED) {
    return checked(dataHeader(header), skipWithCrc(feed, compressedSize, 0));
  }

  // Some writers give empty entries no deflate data at all, not even an empty final block.
  if (compressedSize === 0 && size === 0) return checked(dataHeader(header), 0);

  const bound = budget.boundFor(entry, size);
  const data = feed.take(compressedSize);
  queue.push(data, { entry, sized: true, compressedSize, size, crc32, bound });
  return { crc32, compressedSize, size, verified: true };
}
