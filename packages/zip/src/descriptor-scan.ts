import { crc32 } from "node:zlib";
import { asBuffer, u32 } from "./bytes.js";
import type { Descriptor } from "./descriptor.js";
import type { ByteFeed } from "./feed.js";
import { ONE_SHOT_INPUT_LIMIT } from "./inflate.js";
import { ZipRejection } from "./rejection.js";
import { CENTRAL_HEADER, DATA_DESCRIPTOR, LOCAL_HEADER } from "./signatures.js";
import { findQueuedSignedDescriptor, findSignedDescriptor } from "./signed-descriptor.js";

// A descriptor is at most 24 bytes and the signature after it 4: a window must keep 27 bytes back
// so that every descriptor-plus-signature lies whole inside some window.
const HOLD_BACK = 27;
const SMALL_WINDOW = 64;
const P = 0x50;
const K = 0x4b;

interface Layout {
  signed: boolean;
  wide: boolean;
  length: number;
}

const LAYOUTS: Layout[] = [
  { signed: true, wide: false, length: 16 },
  { signed: false, wide: false, length: 12 },
  { signed: true, wide: true, length: 24 },
  { signed: false, wide: true, length: 20 },
];

export interface ScanOptions {
  /** Stored data: the descriptor must also match the size and CRC of the bytes that passed. */
  stored: boolean;
  zip64: boolean;
  entry: string;
}

export interface Scanned extends Descriptor {
  /** The CRC-32 of the data was computed and matched (stored entries only). */
  crcChecked: boolean;
}

/**
 * Finds where data of unknown length ends when nothing can inflate it: stored entries with flag
 * bit 3, methods this package does not inflate, and deflate in structure-only mode. The end is
 * the first descriptor whose compressed size equals the bytes that passed and that is followed by
 * the next local or central header; for stored data its size and CRC must match as well.
 */
export async function scanForDescriptor(feed: ByteFeed, options: ScanOptions): Promise<Scanned> {
  if (!options.stored) {
    const quick = await signedDescriptorBeforeHeader(feed, options.zip64);
    if (quick !== null) return quick;
  }

  let passed = 0;
  let crc = 0;
  for (;;) {
    const window = await nextWindow(feed);
    if (window.byteLength <= HOLD_BACK) throw ZipRejection.truncated(feed.position + feed.queued);

    const found = findInWindow(window, passed, crc, options);
    if (found !== null) {
      feed.skip(found.dataBytes + found.layout.length);
      return found.descriptor;
    }

    const safe = window.byteLength - HOLD_BACK;
    if (options.stored) crc = crc32(window.subarray(0, safe), crc);
    passed += safe;
    feed.skip(safe);
  }
}

/**
 * The common case, found without looking at every byte: a signed descriptor that fits, followed
 * by the next local or central header. Stored data is left to the full scan, which also checks
 * its CRC-32.
 */
async function signedDescriptorBeforeHeader(
  feed: ByteFeed,
  wide: boolean,
): Promise<Scanned | null> {
  const found = await locateSignedDescriptor(feed, wide);
  if (found === null) return null;

  feed.skip(found.compressedSize + found.length);
  return {
    crc32: found.crc32,
    compressedSize: found.compressedSize,
    size: found.size,
    crcChecked: false,
  };
}

/** A signed descriptor found ahead of the feed's position, which is still at the data. */
export interface LocatedDescriptor extends Descriptor {
  /** The descriptor's own length, signature included. */
  length: number;
}

/**
 * Where the data at the feed's position ends if it ends at a signed descriptor (within the
 * one-shot limit) that the next local or central header follows; null when nothing fits. The
 * feed is left where it was.
 */
export async function locateSignedDescriptor(
  feed: ByteFeed,
  wide: boolean,
): Promise<LocatedDescriptor | null> {
  const at = await findSignedDescriptor(feed, ONE_SHOT_INPUT_LIMIT);
  if (at === null) return null;

  if (!(await feed.fill(at + (wide ? 24 : 16) + 4))) return null;

  return descriptorAt(feed, 0, at, wide);
}

/**
 * `locateSignedDescriptor` for data that starts `start` bytes past the feed's position, looking
 * only at bytes already queued: the same answer when they hold it, undefined when they do not
 * (and the waiting search must decide).
 */
export function locateQueuedDescriptor(
  feed: ByteFeed,
  start: number,
  wide: boolean,
): LocatedDescriptor | null | undefined {
  const at = findQueuedSignedDescriptor(feed, start, ONE_SHOT_INPUT_LIMIT);
  if (at === null || at === undefined) return at;

  if (start + at + (wide ? 24 : 16) + 4 > feed.queued) return undefined;

  return descriptorAt(feed, start, at, wide);
}

// The signed descriptor `at` bytes into data starting `start` bytes ahead, if the next local or
// central header follows it and its sizes can be counted; all of it is queued.
function descriptorAt(
  feed: ByteFeed,
  start: number,
  at: number,
  wide: boolean,
): LocatedDescriptor | null {
  const length = wide ? 24 : 16;
  const from = start + at;
  const next = feed.u32At(from + length);
  if (next !== LOCAL_HEADER && next !== CENTRAL_HEADER) return null;

  const compressedHigh = wide ? feed.u32At(from + 12) : 0;
  const sizeHigh = wide ? feed.u32At(from + 20) : 0;
  if (compressedHigh !== 0 || sizeHigh >= 0x200000) return null;

  return {
    crc32: feed.u32At(from + 4),
    compressedSize: at,
    size: sizeHigh * 0x100000000 + feed.u32At(from + (wide ? 16 : 12)),
    length,
  };
}

// The rest of the current chunk, or a small copy across the boundary when little of it is left.
async function nextWindow(feed: ByteFeed): Promise<Uint8Array> {
  const view = feed.view();
  if (view.byteLength >= SMALL_WINDOW) return view;

  await feed.fill(SMALL_WINDOW);
  return feed.peek(Math.min(SMALL_WINDOW, feed.queued));
}

function findInWindow(window: Uint8Array, passed: number, crc: number, options: ScanOptions) {
  const buffer = asBuffer(window);
  let best: { dataBytes: number; layout: Layout; descriptor: Scanned } | null = null;
  for (let at = buffer.indexOf(P); at !== -1 && at + 4 <= window.byteLength; ) {
    // No later signature can end a descriptor that starts earlier than the best one found.
    if (best !== null && at - 24 > best.dataBytes) break;

    if (window[at + 1] === K && isHeaderTail(window[at + 2], window[at + 3])) {
      for (const layout of LAYOUTS) {
        const dataBytes = at - layout.length;
        if (dataBytes < 0 || (best !== null && dataBytes >= best.dataBytes)) continue;

        const descriptor = matchLayout(window, dataBytes, layout, passed, crc, options);
        if (descriptor !== null) best = { dataBytes, layout, descriptor };
      }
    }
    at = buffer.indexOf(P, at + 1);
  }
  return best;
}

// "PK" then 03 04 (next local header) or 01 02 (central directory).
function isHeaderTail(third: number | undefined, fourth: number | undefined): boolean {
  return (third === 3 && fourth === 4) || (third === 1 && fourth === 2);
}

function matchLayout(
  window: Uint8Array,
  dataBytes: number,
  layout: Layout,
  passed: number,
  crc: number,
  options: ScanOptions,
): Scanned | null {
  if (options.zip64 && !layout.wide) return null;

  if (layout.signed && u32(window, dataBytes) !== DATA_DESCRIPTOR) return null;

  const fields = dataBytes + (layout.signed ? 4 : 0);
  const compressedSize = readSize(window, fields + 4, layout.wide);
  const size = readSize(window, fields + (layout.wide ? 12 : 8), layout.wide);
  const total = passed + dataBytes;
  if (compressedSize !== total) return null;

  const recorded = u32(window, fields);
  if (!options.stored) return { crc32: recorded, compressedSize, size, crcChecked: false };

  // Sizes first: they are cheap and rule out nearly every false hit before any CRC work.
  if (size !== total || crc32(window.subarray(0, dataBytes), crc) !== recorded) return null;

  return { crc32: recorded, compressedSize, size, crcChecked: true };
}

function readSize(window: Uint8Array, at: number, wide: boolean): number {
  if (!wide) return u32(window, at);

  const high = u32(window, at + 4);
  // Too large to count exactly: cannot be a size that matches, so not a descriptor.
  return high >= 0x200000 ? -1 : high * 0x100000000 + u32(window, at);
}
