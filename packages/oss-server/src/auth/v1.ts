import { createHmac } from "node:crypto";
import type { Query } from "../http/query.js";
import { SIGNED_SUBRESOURCES } from "./subresources.js";

/**
 * `/bucket/key?sub&sub=value`: the bucket and key unescaped, then the signed sub-resources in
 * byte order, a value only when it is not empty.
 */
export function canonicalizedResource(
  bucket: string | undefined,
  key: string | undefined,
  query: Query,
): string {
  let resource = "/";
  if (bucket !== undefined) resource += `${bucket}/`;
  if (key !== undefined) resource += key;

  const signed = [...query.entries()]
    .filter(([name]) => SIGNED_SUBRESOURCES.has(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => (value === "" ? name : `${name}=${value}`));
  return signed.length === 0 ? resource : `${resource}?${signed.join("&")}`;
}

/** `x-oss-*` headers, lower-cased, trimmed and sorted, one `name:value` per line. */
export function canonicalizedOssHeaders(headers: Readonly<Record<string, string>>): string[] {
  return Object.keys(headers)
    .map((name) => name.toLowerCase())
    .filter((name) => name.startsWith("x-oss-"))
    .sort()
    .map((name) => `${name}:${(headers[name] ?? "").trim()}`);
}

export interface V1SigningInput {
  method: string;
  /** Request headers with lower-case names. */
  headers: Readonly<Record<string, string>>;
  /** The Date slot: the `Date`/`x-oss-date` header, or `Expires` for a signed URL. */
  date: string;
  resource: string;
}

/** VERB, Content-MD5, Content-Type, Date, the x-oss-* headers and the resource, one per line. */
export function stringToSignV1(input: V1SigningInput): string {
  return [
    input.method.toUpperCase(),
    input.headers["content-md5"] ?? "",
    input.headers["content-type"] ?? "",
    input.date,
    ...canonicalizedOssHeaders(input.headers),
    input.resource,
  ].join("\n");
}

export function signV1(secret: string, stringToSign: string): string {
  return createHmac("sha1", secret).update(Buffer.from(stringToSign, "utf8")).digest("base64");
}
