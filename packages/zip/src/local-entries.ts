import { viewOf } from "./byte-view.js";
import type { DataFacts } from "./entry-data.js";
import { clashKey } from "./names-policy.js";
import { ZipRejection } from "./rejection.js";

/** What a local header said, as `LocalEntries.add` keeps it. */
export interface LocalFacts {
  /** The name bytes as a latin1 string, to compare with the central directory exactly. */
  rawText: string;
  name: string;
  /** The name is its ASCII bytes, which every encoding reads alike, and no Unicode Path field. */
  plainName: boolean;
  method: number;
  /** The ZIP64 extra field, when there is one. */
  zip64: Uint8Array | undefined;
  /**
   * The DOS time and date as one 32-bit word when they gave the entry's time, -1 when an extended
   * timestamp did: a central record with no extra field and the same word gives the same time.
   */
  stamp: number;
}

const PLAIN_NAME = 1;
const ZIP64 = 2;
const VERIFIED = 4;
const LISTED = 8;

/**
 * The local entries met so far, in stream order (so sorted by offset, without overlaps), each
 * known by its index. They are kept as columns of numbers and names rather than an object each:
 * a walk holds every entry until the central directory, and the collector copied tens of
 * thousands of live objects over and over while the upload streamed.
 *
 * The central directory usually lists the entries in the same order, so a lookup first tries the
 * entry after the last one found, then searches.
 */
export class LocalEntries {
  private count = 0;
  private offsets = new Float64Array(256);
  private ends = new Float64Array(256);
  private crcs = new Float64Array(256);
  private compressedSizes = new Float64Array(256);
  private sizes = new Float64Array(256);
  private stamps = new Float64Array(256);
  private methods = new Uint16Array(256);
  private flags = new Uint8Array(256);
  private readonly names: string[] = [];
  // Every entry's name bytes, one after another (entry i's end at nameEnds[i]), so that a
  // directory record's name is compared with its local header's a word at a time.
  private nameBytes = Buffer.allocUnsafe(16 * 1024);
  private nameView = new DataView(
    this.nameBytes.buffer,
    this.nameBytes.byteOffset,
    this.nameBytes.byteLength,
  );
  private nameEnds = new Float64Array(256);
  // While the names come in strictly rising order, as tools that sort their entries write them
  // (jar, jlink, reproducible builds), none can repeat an earlier one and only the last is
  // needed. The first name out of order puts every name before it into the set, which then
  // judges every name after.
  private lastKey = "";
  private claimed: Set<string> | null = null;
  private cursor = 0;

  get size(): number {
    return this.count;
  }

  /**
   * Claims a name before its entry's data is read. Two entries that would land on the same file
   * when extracted are refused here, as soon as the second one's header arrives.
   */
  claimName(name: string): void {
    const key = clashKey(name);
    if (this.claimed === null) {
      if (key > this.lastKey) {
        this.lastKey = key;
        return;
      }

      // Every name claimed so far has been added by now: a claim comes before its entry's add.
      this.claimed = new Set(this.names.map(clashKey));
    }
    // One lookup, not two: a name already there leaves the set's size as it was.
    const before = this.claimed.size;
    this.claimed.add(key);
    if (this.claimed.size === before) {
      throw ZipRejection.unsafe("duplicate_name", name, "appears twice");
    }
  }

  /** Adds the entry whose header spans from `offset` to its data's `end`; returns its index. */
  add(offset: number, end: number, header: LocalFacts, data: DataFacts): number {
    const index = this.count;
    if (index === this.offsets.length) this.grow();
    this.offsets[index] = offset;
    this.ends[index] = end;
    this.crcs[index] = data.crc32;
    this.compressedSizes[index] = data.compressedSize;
    this.sizes[index] = data.size;
    this.stamps[index] = header.stamp;
    this.methods[index] = header.method;
    this.flags[index] =
      (header.plainName ? PLAIN_NAME : 0) |
      (header.zip64 === undefined ? 0 : ZIP64) |
      (data.verified ? VERIFIED : 0);
    this.names.push(header.name);
    this.keepNameBytes(index, header.rawText);
    this.count++;
    return index;
  }

  /** The index of the entry whose header starts at `offset`, or -1. */
  at(offset: number): number {
    if (this.cursor < this.count && this.offsets[this.cursor] === offset) return this.cursor++;

    const index = this.containing(offset);
    if (index === -1 || this.offsets[index] !== offset) return -1;

    this.cursor = index + 1;
    return index;
  }

  /** The index of the entry whose header or data holds the byte at `offset`, or -1. */
  containing(offset: number): number {
    let low = 0;
    let high = this.count - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (offset < (this.offsets[middle] as number)) high = middle - 1;
      else if (offset >= (this.ends[middle] as number)) low = middle + 1;
      else return middle;
    }
    return -1;
  }

  offset(index: number): number {
    return this.offsets[index] as number;
  }

  name(index: number): string {
    return this.names[index] as string;
  }

  /** Whether the entry's name bytes are the `length` bytes of `bytes` from `at`. */
  hasNameBytes(index: number, bytes: Uint8Array, at: number, length: number): boolean {
    const start = this.nameStart(index);
    if ((this.nameEnds[index] as number) - start !== length) return false;

    const view = viewOf(bytes);
    let offset = 0;
    for (; offset + 4 <= length; offset += 4) {
      if (view.getUint32(at + offset) !== this.nameView.getUint32(start + offset)) return false;
    }
    for (; offset < length; offset++) {
      if (bytes[at + offset] !== this.nameBytes[start + offset]) return false;
    }
    return true;
  }

  /** Whether the entry's name bytes, read as latin1, are `text`. */
  hasRawName(index: number, text: string): boolean {
    const start = this.nameStart(index);
    if ((this.nameEnds[index] as number) - start !== text.length) return false;

    for (let offset = 0; offset < text.length; offset++) {
      if (this.nameBytes[start + offset] !== text.charCodeAt(offset)) return false;
    }
    return true;
  }

  method(index: number): number {
    return this.methods[index] as number;
  }

  crc32(index: number): number {
    return this.crcs[index] as number;
  }

  compressedSize(index: number): number {
    return this.compressedSizes[index] as number;
  }

  uncompressedSize(index: number): number {
    return this.sizes[index] as number;
  }

  stamp(index: number): number {
    return this.stamps[index] as number;
  }

  hasPlainName(index: number): boolean {
    return ((this.flags[index] as number) & PLAIN_NAME) !== 0;
  }

  isZip64(index: number): boolean {
    return ((this.flags[index] as number) & ZIP64) !== 0;
  }

  isVerified(index: number): boolean {
    return ((this.flags[index] as number) & VERIFIED) !== 0;
  }

  /** A central directory record has claimed this entry. */
  isListed(index: number): boolean {
    return ((this.flags[index] as number) & LISTED) !== 0;
  }

  markListed(index: number): void {
    this.flags[index] = (this.flags[index] as number) | LISTED;
  }

  private nameStart(index: number): number {
    return index === 0 ? 0 : (this.nameEnds[index - 1] as number);
  }

  private keepNameBytes(index: number, rawText: string): void {
    const start = this.nameStart(index);
    const end = start + rawText.length;
    if (end > this.nameBytes.byteLength) {
      const larger = Buffer.allocUnsafe(Math.max(end, 2 * this.nameBytes.byteLength));
      this.nameBytes.copy(larger, 0, 0, start);
      this.nameBytes = larger;
      this.nameView = new DataView(larger.buffer, larger.byteOffset, larger.byteLength);
    }
    this.nameBytes.write(rawText, start, "latin1");
    this.nameEnds[index] = end;
  }

  private grow(): void {
    const capacity = this.offsets.length * 2;
    const wider = (column: Float64Array) => {
      const larger = new Float64Array(capacity);
      larger.set(column);
      return larger;
    };
    this.offsets = wider(this.offsets);
    this.ends = wider(this.ends);
    this.crcs = wider(this.crcs);
    this.compressedSizes = wider(this.compressedSizes);
    this.sizes = wider(this.sizes);
    this.stamps = wider(this.stamps);
    this.nameEnds = wider(this.nameEnds);
    const methods = new Uint16Array(capacity);
    methods.set(this.methods);
    this.methods = methods;
    const flags = new Uint8Array(capacity);
    flags.set(this.flags);
    this.flags = flags;
  }
}
