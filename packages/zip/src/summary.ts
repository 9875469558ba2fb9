/** What the inspector learned about one entry, taken from the central directory. */
export interface ZipEntryInfo {
  /** The entry name, decoded (UTF-8, CP932 or CP437; see `decodeName`). */
  path: string;
  /** Uncompressed size in bytes. */
  size: number;
  compressedSize: number;
  crc32: number;
  /** Compression method: 0 stored, 8 deflated, anything else is counted but not inflated. */
  method: number;
  isDirectory: boolean;
  /** Last modification: the extended-timestamp field when present, else the DOS time read as UTC. */
  modifiedAt: Date | null;
  /** Finder litter: anything under `__MACOSX/` and `.DS_Store` files. */
  isMetadata: boolean;
  /** The data was decompressed and its size and CRC-32 matched. */
  verified: boolean;
}

/** The result of a successful inspection. Sizes are exact up to 2^53. */
export interface ZipSummary {
  entryCount: number;
  uncompressedSize: number;
  compressedSize: number;
  /** Bytes before the first local header (self-extracting stubs, executable jars). */
  prefixBytes: number;
  /** Any ZIP64 structure was present. */
  zip64: boolean;
  /** The archive comment from the end record. */
  comment: string;
  /** Every entry was decompressed and its CRC-32 checked. */
  verified: boolean;
  entries: ZipEntryInfo[];
}
