import { createHash, createHmac } from "node:crypto";
import type { Query } from "../http/query.js";

export const V4_ALGORITHM = "OSS4-HMAC-SHA256";

/** encodeURIComponent plus the four characters it leaves alone but V4 wants escaped. */
export function encodeV4(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export interface V4SigningInput {
  method: string;
  bucket: string | undefined;
  key: string | undefined;
  query: Query;
  /** Request headers with lower-case names. */
  headers: Readonly<Record<string, string>>;
  /** Header names listed in `AdditionalHeaders=` (lower case). */
  additionalHeaders: readonly string[];
}

export function canonicalRequestV4(input: V4SigningInput): string {
  const path = `/${input.bucket === undefined ? "" : `${input.bucket}/`}${input.key ?? ""}`;
  const canonicalUri = encodeV4(path).replace(/%2F/g, "/");

  const canonicalQuery = [...input.query.entries()]
    .map(([name, value]) => [encodeV4(name), value === "" ? "" : encodeV4(value)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => (value === "" ? name : `${name}=${value}`))
    .join("&");

  const signedHeaders = new Set(input.additionalHeaders);
  for (const name of Object.keys(input.headers)) {
    if (name === "content-type" || name === "content-md5" || name.startsWith("x-oss-")) {
      signedHeaders.add(name);
    }
  }
  const canonicalHeaders = [...signedHeaders]
    .sort()
    .map((name) => `${name}:${(input.headers[name] ?? "").trim()}\n`)
    .join("");

  return [
    input.method.toUpperCase(),
    canonicalUri,
    canonicalQuery,
    canonicalHeaders,
    input.additionalHeaders.join(";"),
    input.headers["x-oss-content-sha256"] ?? "UNSIGNED-PAYLOAD",
  ].join("\n");
}

export function scopeV4(day: string, region: string): string {
  return `${day}/${region}/oss/aliyun_v4_request`;
}

export function stringToSignV4(
  timestamp: string,
  region: string,
  canonicalRequest: string,
): string {
  const day = timestamp.slice(0, 8);
  const hashed = createHash("sha256").update(canonicalRequest).digest("hex");
  return [V4_ALGORITHM, timestamp, scopeV4(day, region), hashed].join("\n");
}

export function signV4(secret: string, day: string, region: string, stringToSign: string): string {
  const hmac = (key: string | Buffer, data: string) =>
    createHmac("sha256", key).update(data).digest();
  const signingKey = hmac(
    hmac(hmac(hmac(`aliyun_v4${secret}`, day), region), "oss"),
    "aliyun_v4_request",
  );
  return createHmac("sha256", signingKey).update(stringToSign).digest("hex");
}
