import { isIP } from "node:net";
import { parseQuery, type Query, safeDecode } from "./query.js";

/** What a request addresses: a bucket (maybe), a key (maybe) and its query. */
export interface RequestTarget {
  bucket: string | undefined;
  key: string | undefined;
  query: Query;
  /** The query string exactly as received, without the leading "?". */
  rawQuery: string;
  /** "virtual" when the bucket came from the Host header, "path" when from the first segment. */
  style: "virtual" | "path";
}

function hostName(hostHeader: string | undefined): string {
  const host = (hostHeader ?? "").trim().toLowerCase();

  if (host.startsWith("[")) return host.slice(1, host.indexOf("]"));

  const colon = host.lastIndexOf(":");
  return colon === -1 ? host : host.slice(0, colon);
}

/**
 * Virtual-hosted requests name the bucket in the first label of Host (`kura.oss-cn-hangzhou.
 * aliyuncs.com`, `kura.localhost`); an IP or bare `localhost` host means path style,
 * `/bucket/key`. The key is percent-decoded once and never normalised: `a/../b` is a key.
 */
export function resolveTarget(hostHeader: string | undefined, rawUrl: string): RequestTarget {
  const questionMark = rawUrl.indexOf("?");
  const rawPath = questionMark === -1 ? rawUrl : rawUrl.slice(0, questionMark);
  const rawQuery = questionMark === -1 ? "" : rawUrl.slice(questionMark + 1);
  const query = parseQuery(rawQuery);
  const host = hostName(hostHeader);
  const pathStyle = host === "" || host === "localhost" || isIP(host) !== 0 || !host.includes(".");
  const path = rawPath.startsWith("/") ? rawPath.slice(1) : rawPath;

  if (!pathStyle) {
    const bucket = host.slice(0, host.indexOf("."));
    return { bucket, key: nonEmpty(safeDecode(path)), query, rawQuery, style: "virtual" };
  }

  const slash = path.indexOf("/");
  const bucketPart = slash === -1 ? path : path.slice(0, slash);
  const keyPart = slash === -1 ? "" : path.slice(slash + 1);
  return {
    bucket: nonEmpty(safeDecode(bucketPart)),
    key: nonEmpty(safeDecode(keyPart)),
    query,
    rawQuery,
    style: "path",
  };
}

/**
 * The readings of a request a signature may have been made for. ali-oss with an IP endpoint and
 * `sldEnable` sends `Host: kura.oss-<region>.aliyuncs.com` *and* the path `/kura/key`, which
 * reads as key `kura/key` virtual-hosted; its signature covers `/kura/key`. When the path starts
 * with the Host's bucket, the path-style reading is offered second, and the signature decides.
 */
export function resolveTargets(hostHeader: string | undefined, rawUrl: string): RequestTarget[] {
  const primary = resolveTarget(hostHeader, rawUrl);
  if (primary.style !== "virtual" || primary.key === undefined) return [primary];

  const slash = primary.key.indexOf("/");
  const firstSegment = slash === -1 ? primary.key : primary.key.slice(0, slash);
  if (firstSegment !== primary.bucket) return [primary];

  return [primary, resolveTarget(undefined, rawUrl)];
}

function nonEmpty(text: string): string | undefined {
  return text === "" ? undefined : text;
}
