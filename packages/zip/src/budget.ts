import type { ZipLimits } from "./options.js";
import { ZipRejection } from "./rejection.js";

/** How far one entry's inflation may go, and what breaking that bound means. */
export interface OutputBound {
  /** Most bytes the entry may inflate to. */
  max: number;
  /** The rejection for an entry that inflates past `max`. */
  overflow(): ZipRejection;
  /** Throws when `size` bytes inflated from `compressed` bytes break the ratio limit. */
  checkRatio(size: number, compressed: number): void;
}

/**
 * The archive-wide tally the limits are held against: entries seen, and bytes inflated or
 * declared so far. Checked as entries pass, so a hostile archive is cut off early, not at its end.
 */
export class ArchiveBudget {
  private entries = 0;
  private uncompressed = 0;
  private compressed = 0;

  constructor(private readonly limits: ZipLimits) {}

  countEntry(entry: string): void {
    this.entries++;
    if (this.entries > this.limits.maxEntries) {
      throw ZipRejection.limitExceeded(
        "maxEntries",
        this.limits.maxEntries,
        `The archive holds more than ${this.limits.maxEntries} entries`,
        entry,
      );
    }
  }

  /** Sizes a header declares, checked before any of the data is read. */
  checkDeclared(entry: string, size: number, compressedSize: number): void {
    if (size > this.limits.maxTotalUncompressedSize - this.uncompressed) throw this.tooLarge(entry);

    this.checkRatio(entry, size, compressedSize);
  }

  /** The bound for inflating an entry whose size is `declared`, or unknown until it ends. */
  boundFor(entry: string, declared: number | null): OutputBound {
    const remaining = this.limits.maxTotalUncompressedSize - this.uncompressed;
    return {
      max: declared ?? remaining,
      overflow: () =>
        declared === null
          ? this.tooLarge(entry)
          : ZipRejection.bomb(
              "size_mismatch",
              `Entry "${entry}" inflates to more than the ${declared} bytes it declares.`,
              entry,
            ),
      checkRatio: (size, compressed) => this.checkRatio(entry, size, compressed),
    };
  }

  /** An entry's data has passed: adds its sizes to the archive's and checks the totals. */
  add(entry: string, size: number, compressedSize: number): void {
    this.checkDeclared(entry, size, compressedSize);
    this.uncompressed += size;
    this.compressed += compressedSize;
    const { maxCompressionRatio, compressionRatioFloor } = this.limits;
    if (
      this.uncompressed > compressionRatioFloor &&
      this.uncompressed > maxCompressionRatio * this.compressed
    ) {
      throw ZipRejection.bomb(
        "archive_ratio",
        `The archive inflates more than ${maxCompressionRatio} times its compressed size.`,
      );
    }
  }

  private checkRatio(entry: string, size: number, compressed: number): void {
    const { maxCompressionRatio, compressionRatioFloor } = this.limits;
    if (size <= compressionRatioFloor || size <= maxCompressionRatio * compressed) return;

    throw ZipRejection.bomb(
      "entry_ratio",
      `Entry "${entry}" inflates more than ${maxCompressionRatio} times its compressed size.`,
      entry,
    );
  }

  private tooLarge(entry: string): ZipRejection {
    const limit = this.limits.maxTotalUncompressedSize;
    return ZipRejection.limitExceeded(
      "maxTotalUncompressedSize",
      limit,
      `The entries inflate to more than ${limit} bytes`,
      entry,
    );
  }
}
