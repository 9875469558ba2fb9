import type { ByteFeed } from "./feed.js";

const SIGNED_DESCRIPTOR = Uint8Array.of(0x50, 0x4b, 0x07, 0x08);
// Signature, CRC-32 and the low word of the compressed size.
const FIELDS = 12;

/**
 * Where the data of an entry with flag bit 3 most likely ends: at the first signed data descriptor
 * whose compressed size equals its own distance from the start of the data, searched up to `limit`
 * bytes ahead. Nearly every writer signs its descriptors, and a match by chance inside the data
 * needs four signature bytes and a 32-bit size to agree, so callers still prove the guess (by
 * inflating exactly that much, or by the header that must follow) and fall back when it fails.
 *
 * Waits for twice as much input each time it comes up empty, so tiny chunks cost few searches (each
 * search starts over; the doubling keeps their sum within twice the last); holds at most `limit`
 * bytes.
 */
export async function findSignedDescriptor(feed: ByteFeed, limit: number): Promise<number | null> {
  for (;;) {
    const found = findQueuedSignedDescriptor(feed, 0, limit);
    if (found !== undefined) return found;

    const before = feed.queued;
    await feed.fill(Math.min(limit + FIELDS, Math.max(2 * before, before + 1024)));
    if (feed.queued === before) return null;
  }
}

/**
 * `findSignedDescriptor` over the bytes already queued, for data that starts `start` bytes past
 * the feed's position: the same answer when those bytes decide it, undefined when more are needed.
 */
export function findQueuedSignedDescriptor(
  feed: ByteFeed,
  start: number,
  limit: number,
): number | null | undefined {
  const most = start + limit + FIELDS;
  const searchTo = Math.min(feed.queued, most);
  let hit = feed.find(SIGNED_DESCRIPTOR, start, searchTo);
  while (hit !== -1 && hit + FIELDS <= searchTo) {
    if (feed.u32At(hit + 8) === hit - start) return hit - start;

    hit = feed.find(SIGNED_DESCRIPTOR, hit + 1, searchTo);
  }
  return searchTo >= most ? null : undefined;
}
