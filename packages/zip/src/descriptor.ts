import { u32, u64 } from "./bytes.js";
import type { ByteFeed } from "./feed.js";
import { sizeMismatch } from "./inflate.js";
import { ZipRejection } from "./rejection.js";
import { DATA_DESCRIPTOR, MAX_U32 } from "./signatures.js";

/** The sizes and CRC an entry's data descriptor records. */
export interface Descriptor {
  crc32: number;
  compressedSize: number;
  size: number;
}

/**
 * Whether a descriptor carries 64-bit sizes. The spec ties that to a ZIP64 field in the local
 * header; Java writes them for any entry of 4 GiB or more without one, so size decides too.
 */
export function wideDescriptor(zip64: boolean, compressedSize: number, size: number): boolean {
  return zip64 || compressedSize >= MAX_U32 || size >= MAX_U32;
}

/**
 * Reads the descriptor that follows data whose end is already known (a deflate stream ends by
 * itself) and checks it against what passed. Its signature is optional; a CRC that happens to
 * equal the signature is told apart by the word after it.
 */
export async function readDescriptor(
  feed: ByteFeed,
  actual: Descriptor,
  zip64: boolean,
  entry: string,
): Promise<Descriptor> {
  await feed.need(4);
  if (u32(feed.peek(4), 0) === DATA_DESCRIPTOR) {
    const signed =
      actual.crc32 !== DATA_DESCRIPTOR ||
      ((await feed.fill(8)) && u32(feed.peek(8), 4) === DATA_DESCRIPTOR);
    if (signed) feed.skip(4);
  }

  const wide = wideDescriptor(zip64, actual.compressedSize, actual.size);
  const fields = await feed.read(wide ? 20 : 12);
  const found: Descriptor = {
    crc32: u32(fields, 0),
    compressedSize: wide ? u64(fields, 4) : u32(fields, 4),
    size: wide ? u64(fields, 12) : u32(fields, 8),
  };
  if (found.crc32 !== actual.crc32) throw crcMismatch(entry);

  if (found.size !== actual.size) throw sizeMismatch(entry);

  if (found.compressedSize !== actual.compressedSize) {
    throw ZipRejection.corrupt(`Entry "${entry}": its data descriptor gives the wrong sizes.`, {
      entry,
    });
  }

  return found;
}

export function crcMismatch(entry: string): ZipRejection {
  return ZipRejection.invalid("crc_mismatch", `Entry "${entry}" fails its CRC-32 check.`, {
    entry,
  });
}
