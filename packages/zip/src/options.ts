/** Bounds on what the inspector accepts; each one can be overridden. */
export interface ZipLimits {
  /**
   * Bytes allowed before the first local header, for self-extracting stubs and executable jars.
   * A file with no local header within this window is rejected as `not_zip`. Default 1 MiB.
   */
  maxPrefixBytes: number;
  /** Most entries one archive may hold. Default 100,000. */
  maxEntries: number;
  /**
   * Most bytes all entries together may inflate to, counted as they inflate, so an archive that
   * lies about its sizes is cut off here. Default 16 GiB.
   */
  maxTotalUncompressedSize: number;
  /** Longest entry name, in Unicode code points of the decoded name. Default 512. */
  maxNameLength: number;
  /**
   * Highest compression ratio (uncompressed / compressed) for one entry and for the archive as a
   * whole. Deflate tops out near 1,032:1; ordinary files stay well under 100:1. Default 200.
   */
  maxCompressionRatio: number;
  /**
   * The ratio is only held against an entry, or the archive, once it inflates past this many
   * bytes: small files of repeated bytes compress absurdly well and harm no one. Default 1 MiB.
   */
  compressionRatioFloor: number;
}

export interface ZipInspectorOptions {
  /**
   * `"full"` inflates every deflated entry as it passes and checks its size and CRC-32;
   * `"structure"` checks headers, sizes and the central directory only. Default `"full"`.
   */
  verify?: "full" | "structure";
  /** Overrides for individual limits; see `ZipLimits` for each default. */
  limits?: Partial<ZipLimits>;
}

export interface ResolvedOptions {
  verify: "full" | "structure";
  limits: ZipLimits;
}

export const DEFAULT_LIMITS: Readonly<ZipLimits> = {
  maxPrefixBytes: 1024 * 1024,
  maxEntries: 100_000,
  maxTotalUncompressedSize: 16 * 1024 ** 3,
  maxNameLength: 512,
  maxCompressionRatio: 200,
  compressionRatioFloor: 1024 * 1024,
};

export function resolveOptions(options: ZipInspectorOptions = {}): ResolvedOptions {
  const limits = { ...DEFAULT_LIMITS };
  for (const [name, value] of Object.entries(options.limits ?? {})) {
    if (value === undefined) continue;

    if (!(name in DEFAULT_LIMITS) || typeof value !== "number" || !(value >= 0)) {
      throw new TypeError(`ZipInspector: limit ${name} must be a known limit and a number >= 0.`);
    }
    limits[name as keyof ZipLimits] = value;
  }
  return { verify: options.verify ?? "full", limits };
}
