import { clashKey } from "./names-policy.js";
import { ZipRejection } from "./rejection.js";

/** What a local entry must tell the directory check; see `LocalEntry`. */
interface Placed {
  offset: number;
  end: number;
  name: string;
}

/**
 * The local entries met so far, in stream order (so sorted by offset, without overlaps). The
 * central directory usually lists them in the same order, so a lookup first tries the entry after
 * the last one found, then searches.
 */
export class LocalEntries<Entry extends Placed> {
  private readonly entries: Entry[] = [];
  private readonly names = new Set<string>();
  private cursor = 0;

  get size(): number {
    return this.entries.length;
  }

  /**
   * Claims a name before its entry's data is read. Two entries that would land on the same file
   * when extracted are refused here, as soon as the second one's header arrives.
   */
  claimName(name: string): void {
    const key = clashKey(name);
    if (this.names.has(key)) throw ZipRejection.unsafe("duplicate_name", name, "appears twice");

    this.names.add(key);
  }

  add(entry: Entry): void {
    this.entries.push(entry);
  }

  /** The entry whose header starts at `offset`. */
  at(offset: number): Entry | undefined {
    const next = this.entries[this.cursor];
    if (next !== undefined && next.offset === offset) {
      this.cursor++;
      return next;
    }

    const index = this.indexContaining(offset);
    const found = this.entries[index];
    if (found === undefined || found.offset !== offset) return undefined;

    this.cursor = index + 1;
    return found;
  }

  /** The entry whose header or data holds the byte at `offset`. */
  containing(offset: number): Entry | undefined {
    return this.entries[this.indexContaining(offset)];
  }

  private indexContaining(offset: number): number {
    let low = 0;
    let high = this.entries.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const entry = this.entries[middle] as Entry;
      if (offset < entry.offset) high = middle - 1;
      else if (offset >= entry.end) low = middle + 1;
      else return middle;
    }
    return -1;
  }
}
