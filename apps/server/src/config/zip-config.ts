import { DEFAULT_LIMITS, DEFAULT_WORKER_NICE, type ZipLimits } from "@kura/zip";
import type { EnvReader } from "./env.js";

/** The longest entry name the `upload_entries.path` column holds, in characters. */
export const PATH_COLUMN_LENGTH = 700;

export interface ZipConfig {
  /** `KURA_ZIP_VERIFY`, default `full`: inflate and CRC-check every entry, or `structure` only. */
  verify: "full" | "structure";
  /** `KURA_ZIP_MAX_*` and `KURA_ZIP_COMPRESSION_RATIO_FLOOR`; defaults are `@kura/zip`'s. */
  limits: ZipLimits;
  /** `KURA_ENTRY_PAGE_SIZE_MAX`, default 1000: the most entries one `Upload.entries` page holds. */
  entryPageSizeMax: number;
  /** `KURA_ZIP_WORKER_NICE`, default 10: how far below the server the inspection worker runs. */
  workerNice: number;
}

const MAX = Number.MAX_SAFE_INTEGER;

export function readZipConfig(read: EnvReader): ZipConfig {
  const limit = (name: string, fallback: number, min: number, max = MAX) =>
    read.integer(name, fallback, min, max);
  return {
    verify: read.oneOf("KURA_ZIP_VERIFY", "full", ["full", "structure"]) as ZipConfig["verify"],
    limits: {
      maxPrefixBytes: limit("KURA_ZIP_MAX_PREFIX_BYTES", DEFAULT_LIMITS.maxPrefixBytes, 0),
      maxEntries: limit("KURA_ZIP_MAX_ENTRIES", DEFAULT_LIMITS.maxEntries, 1),
      maxTotalUncompressedSize: limit(
        "KURA_ZIP_MAX_UNCOMPRESSED_BYTES",
        DEFAULT_LIMITS.maxTotalUncompressedSize,
        0,
      ),
      // Longer names would not fit the entries table.
      maxNameLength: limit(
        "KURA_ZIP_MAX_NAME_LENGTH",
        DEFAULT_LIMITS.maxNameLength,
        1,
        PATH_COLUMN_LENGTH,
      ),
      maxCompressionRatio: limit(
        "KURA_ZIP_MAX_COMPRESSION_RATIO",
        DEFAULT_LIMITS.maxCompressionRatio,
        1,
      ),
      compressionRatioFloor: limit(
        "KURA_ZIP_COMPRESSION_RATIO_FLOOR",
        DEFAULT_LIMITS.compressionRatioFloor,
        0,
      ),
    },
    entryPageSizeMax: limit("KURA_ENTRY_PAGE_SIZE_MAX", 1000, 1, 10_000),
    workerNice: read.integer("KURA_ZIP_WORKER_NICE", DEFAULT_WORKER_NICE, 0, 19),
  };
}
