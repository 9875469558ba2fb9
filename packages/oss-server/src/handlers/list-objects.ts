import { ossErrors } from "../errors.js";
import type { RequestContext } from "../http/context.js";
import { sendXml } from "../http/respond.js";
import type { XmlNode } from "../http/xml.js";
import type { ObjectRecord } from "../store/object-record.js";
import { compareKeys } from "../store/object-store.js";
import type { HandlerDeps } from "./deps.js";
import { type ListPage, listPage } from "./list-page.js";

const DEFAULT_MAX_KEYS = 100;
const LIMIT_MAX_KEYS = 1000;

function maxKeys(ctx: RequestContext): number {
  const text = ctx.target.query.get("max-keys");
  if (text === undefined || text === "") return DEFAULT_MAX_KEYS;

  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > LIMIT_MAX_KEYS) {
    throw ossErrors.invalidArgument(`max-keys must be an integer from 0 to ${LIMIT_MAX_KEYS}.`);
  }
  return value;
}

/** The continuation token is the last item of the previous page, opaque to clients. */
export function encodeToken(last: { value: string; isPrefix: boolean }): string {
  return Buffer.from(`${last.isPrefix ? "p" : "k"}:${last.value}`, "utf8").toString("base64url");
}

export function decodeToken(token: string): { value: string; isPrefix: boolean } {
  const text = Buffer.from(token, "base64url").toString("utf8");

  if (!/^[pk]:/.test(text)) throw ossErrors.invalidArgument("The continuation token is not valid.");
  return { value: text.slice(2), isPrefix: text.startsWith("p:") };
}

/** This server has one owner for everything; OSS would name the bucket owner's account. */
const OWNER = { ID: "kura-oss-server", DisplayName: "kura-oss-server" };

function contentsXml(
  page: ListPage<ObjectRecord>,
  encode: (text: string) => string,
  withOwner: boolean,
): XmlNode[] {
  return page.contents.map((record) => ({
    Key: encode(record.key),
    LastModified: record.lastModified,
    ETag: record.etag,
    Type: record.type,
    Size: record.size,
    StorageClass: "Standard",
    Owner: withOwner ? OWNER : undefined,
  }));
}

/** ListObjectsV2 (`list-type=2`): start-after, continuation-token, KeyCount. */
export async function listObjectsV2(ctx: RequestContext, deps: HandlerDeps): Promise<void> {
  const { query } = ctx.target;
  const prefix = query.get("prefix") ?? "";
  const delimiter = query.get("delimiter") ?? "";
  const startAfter = query.get("start-after") ?? "";
  const token = query.get("continuation-token");
  const urlEncoded = query.get("encoding-type") === "url";
  const encode = urlEncoded ? encodeURIComponent : (text: string) => text;
  const resume = token === undefined || token === "" ? undefined : decodeToken(token);
  // The token wins over start-after when it lies further on, as in OSS.
  const after =
    resume !== undefined && compareKeys(resume.value, startAfter) > 0
      ? resume
      : { value: startAfter, isPrefix: false };

  const page = listPage(deps.objects.list(ctx.bucket), {
    prefix,
    delimiter,
    after: after.value,
    afterIsPrefix: after.isPrefix,
    maxKeys: maxKeys(ctx),
  });

  sendXml(ctx.res, 200, "ListBucketResult", {
    Name: ctx.bucket,
    Prefix: encode(prefix),
    ContinuationToken: token,
    StartAfter: startAfter === "" ? undefined : encode(startAfter),
    MaxKeys: maxKeys(ctx),
    Delimiter: delimiter === "" ? undefined : encode(delimiter),
    EncodingType: urlEncoded ? "url" : undefined,
    IsTruncated: page.truncated,
    NextContinuationToken: page.truncated && page.last ? encodeToken(page.last) : undefined,
    KeyCount: page.contents.length + page.commonPrefixes.length,
    Contents: contentsXml(page, encode, query.get("fetch-owner") === "true"),
    CommonPrefixes: page.commonPrefixes.map((commonPrefix) => ({ Prefix: encode(commonPrefix) })),
  });
}

/** ListObjects (version 1): marker and NextMarker. */
export async function listObjects(ctx: RequestContext, deps: HandlerDeps): Promise<void> {
  const { query } = ctx.target;
  const prefix = query.get("prefix") ?? "";
  const delimiter = query.get("delimiter") ?? "";
  const marker = query.get("marker") ?? "";
  const urlEncoded = query.get("encoding-type") === "url";
  const encode = urlEncoded ? encodeURIComponent : (text: string) => text;

  const page = listPage(deps.objects.list(ctx.bucket), {
    prefix,
    delimiter,
    after: marker,
    afterIsPrefix: delimiter !== "" && marker.endsWith(delimiter),
    maxKeys: maxKeys(ctx),
  });

  sendXml(ctx.res, 200, "ListBucketResult", {
    Name: ctx.bucket,
    Prefix: encode(prefix),
    Marker: encode(marker),
    MaxKeys: maxKeys(ctx),
    Delimiter: delimiter === "" ? undefined : encode(delimiter),
    EncodingType: urlEncoded ? "url" : undefined,
    IsTruncated: page.truncated,
    NextMarker: page.truncated && page.last ? encode(page.last.value) : undefined,
    Contents: contentsXml(page, encode, true),
    CommonPrefixes: page.commonPrefixes.map((commonPrefix) => ({ Prefix: encode(commonPrefix) })),
  });
}
