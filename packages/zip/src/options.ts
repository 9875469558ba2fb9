/** Bounds on what the inspector accepts. */
export interface ZipLimits {
  /**
   * Bytes allowed before the first local header, for self-extracting stubs and executable jars.
   * A file with no local header within this window is rejected as `not_zip`. Default 1 MiB.
   */
  maxPrefixBytes: number;
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
};

export function resolveOptions(options: ZipInspectorOptions = {}): ResolvedOptions {
  return {
    verify: options.verify ?? "full",
    limits: { ...DEFAULT_LIMITS, ...options.limits },
  };
}
