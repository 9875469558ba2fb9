import { clashKey } from "./names-policy.js";
import { ZipRejection } from "./rejection.js";
import type { ZipEntryInfo, ZipSummary } from "./summary.js";

/**
 * A summary as it crosses from the worker: the entries' numbers in one array that is moved, not
 * copied, and their paths in one string per block of 1,024 entries. Cloning an object per entry
 * costs the receiving thread more than twice as much, and that thread is the one serving requests.
 */
export interface PackedSummary {
  head: Omit<ZipSummary, "entries">;
  numbers: Float64Array;
  paths: string[];
}

// Numbers per entry: size, compressed size, CRC-32, method, flags, modified time (ms or NaN),
// path length in UTF-16 units.
const STRIDE = 7;
const BLOCK = 1024;
const DIRECTORY = 1;
const METADATA = 2;
const VERIFIED = 4;

function flagsOf(path: string, isMetadata: boolean, verified: boolean): number {
  return (
    (path.endsWith("/") ? DIRECTORY : 0) | (isMetadata ? METADATA : 0) | (verified ? VERIFIED : 0)
  );
}

/** The listing, packed as it grows: no object per entry. */
export class EntryList {
  private numbers = new Float64Array(STRIDE * 64);
  private paths: string[] = [];
  // The paths of each whole block of lines, joined as the block fills (null once rewritten), so
  // that packing joins a few dozen strings instead of a string per entry.
  private blocks: (string | null)[] = [];
  uncompressedSize = 0;
  compressedSize = 0;
  verified = true;

  get length(): number {
    return this.paths.length;
  }

  add(
    path: string,
    size: number,
    compressedSize: number,
    crc32: number,
    method: number,
    /** Milliseconds since 1970, or NaN when the entry has no usable time. */
    modifiedAt: number,
    isMetadata: boolean,
    verified: boolean,
  ): void {
    const at = this.paths.length * STRIDE;
    if (at + STRIDE > this.numbers.length) {
      const grown = new Float64Array(this.numbers.length * 2);
      grown.set(this.numbers);
      this.numbers = grown;
    }
    this.numbers[at] = size;
    this.numbers[at + 1] = compressedSize;
    this.numbers[at + 2] = crc32;
    this.numbers[at + 3] = method;
    this.numbers[at + 4] = flagsOf(path, isMetadata, verified);
    this.numbers[at + 5] = modifiedAt;
    this.numbers[at + 6] = path.length;
    this.paths.push(path);
    if (this.paths.length % BLOCK === 0) {
      this.blocks.push(this.paths.slice(this.paths.length - BLOCK).join(""));
    }
    this.uncompressedSize += size;
    this.compressedSize += compressedSize;
    this.verified &&= verified;
  }

  /**
   * Rewrites the name and time of the line at `index`, for a central directory record that says
   * more than its local header did; sizes, CRC-32 and method are the same in both by then.
   */
  rename(index: number, path: string, modifiedAt: number, isMetadata: boolean): void {
    const at = index * STRIDE;
    const verified = ((this.numbers[at + 4] as number) & VERIFIED) !== 0;
    this.numbers[at + 4] = flagsOf(path, isMetadata, verified);
    this.numbers[at + 5] = modifiedAt;
    this.numbers[at + 6] = path.length;
    if (path === this.paths[index]) return;

    this.paths[index] = path;
    const block = Math.floor(index / BLOCK);
    if (block < this.blocks.length) this.blocks[block] = null;
  }

  /** A new list of the first `count` lines. */
  slice(count: number): EntryList {
    const sliced = new EntryList();
    sliced.numbers = this.numbers.slice(0, Math.max(64, count) * STRIDE);
    sliced.paths = this.paths.slice(0, count);
    sliced.blocks = this.blocks.slice(0, Math.floor(count / BLOCK));
    for (let at = 0; at < count * STRIDE; at += STRIDE) {
      sliced.uncompressedSize += this.numbers[at] as number;
      sliced.compressedSize += this.numbers[at + 1] as number;
      sliced.verified &&= ((this.numbers[at + 4] as number) & VERIFIED) !== 0;
    }
    return sliced;
  }

  /**
   * Refuses the first path that lands on the same file as an earlier one when extracted, among
   * the first `count` lines (the ones the central directory has listed so far).
   */
  checkClashes(count = this.paths.length): void {
    const seen = new Set<string>();
    for (let index = 0; index < count; index++) {
      const path = this.paths[index] as string;
      const key = clashKey(path);
      if (seen.has(key)) throw ZipRejection.unsafe("duplicate_name", path, "appears twice");

      seen.add(key);
    }
  }

  /**
   * The listing as it crosses to the receiving thread, at the end of the walk, where the upload
   * waits for it: the numbers are a view of the list's own (moved, not copied, so the list is
   * done with), and the blocks' paths are not joined further (joining them cost half a
   * millisecond for src.zip).
   */
  pack(head: Omit<ZipSummary, "entries">): PackedSummary {
    const numbers = this.numbers.subarray(0, this.paths.length * STRIDE);
    const paths = this.blocks.map(
      (text, block) => text ?? this.paths.slice(block * BLOCK, (block + 1) * BLOCK).join(""),
    );
    paths.push(this.paths.slice(this.blocks.length * BLOCK).join(""));
    return { head, numbers, paths };
  }
}

/**
 * The summary on the receiving side. Its entries become objects only when first read, so that a
 * caller that needs only the counts, or needs them first, does not wait for fifteen thousand of
 * them to be built.
 */
export function unpackSummary(packed: PackedSummary): ZipSummary {
  let entries: ZipEntryInfo[] | null = null;
  const summary = { ...packed.head } as ZipSummary;
  Object.defineProperty(summary, "entries", {
    enumerable: true,
    get: () => {
      entries ??= unpackEntries(packed);
      return entries;
    },
  });
  return summary;
}

function unpackEntries({ numbers, paths }: PackedSummary): ZipEntryInfo[] {
  const entries: ZipEntryInfo[] = new Array(numbers.length / STRIDE);
  let text = "";
  let pathAt = 0;
  for (let index = 0; index < entries.length; index++) {
    if (index % BLOCK === 0) {
      text = paths[index / BLOCK] as string;
      pathAt = 0;
    }
    const at = index * STRIDE;
    const flags = numbers[at + 4] as number;
    const modified = numbers[at + 5] as number;
    const pathEnd = pathAt + (numbers[at + 6] as number);
    entries[index] = {
      path: text.slice(pathAt, pathEnd),
      size: numbers[at] as number,
      compressedSize: numbers[at + 1] as number,
      crc32: numbers[at + 2] as number,
      method: numbers[at + 3] as number,
      isDirectory: (flags & DIRECTORY) !== 0,
      modifiedAt: Number.isNaN(modified) ? null : new Date(modified),
      isMetadata: (flags & METADATA) !== 0,
      verified: (flags & VERIFIED) !== 0,
    };
    pathAt = pathEnd;
  }
  return entries;
}
