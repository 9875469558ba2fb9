/** The sidecar JSON stored next to each object's data file. */
export interface ObjectRecord {
  key: string;
  /** File name of the data inside the bucket's objects folder. */
  dataFile: string;
  size: number;
  /** Quoted, as OSS sends it: `"MD5HEX"` or `"MD5OFPARTMD5S-N"`. */
  etag: string;
  /** Unsigned decimal CRC-64/ECMA-182 of the whole object. */
  crc64: string;
  /** Base64 MD5 of the body; only simple uploads have one. */
  contentMd5?: string;
  type: "Normal" | "Multipart";
  /** ISO 8601. */
  lastModified: string;
  /** Stored response headers: content-type, content-disposition, x-oss-meta-*, ... */
  headers: Record<string, string>;
}

/** Request headers a PUT or InitiateMultipartUpload stores and later GETs return. */
const STORED_HEADERS = new Set([
  "content-type",
  "content-disposition",
  "content-encoding",
  "content-language",
  "cache-control",
  "expires",
]);

export function storedHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const stored: Record<string, string> = {};

  for (const [name, value] of Object.entries(headers)) {
    if (STORED_HEADERS.has(name) || name.startsWith("x-oss-meta-")) stored[name] = value;
  }
  stored["content-type"] ??= "application/octet-stream";
  return stored;
}
