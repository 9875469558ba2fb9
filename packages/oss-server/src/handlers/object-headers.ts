import type { RequestContext } from "../http/context.js";
import { encodeHeaderValue } from "../http/context.js";
import { setCrcHeader } from "../http/respond.js";
import type { ObjectRecord } from "../store/object-record.js";

/** GET and HEAD answer with these headers; `response-*` query parameters override them. */
const OVERRIDABLE = [
  "content-type",
  "content-disposition",
  "content-language",
  "content-encoding",
  "cache-control",
  "expires",
];

export function setObjectHeaders(ctx: RequestContext, record: ObjectRecord): void {
  const { res } = ctx;

  for (const [name, value] of Object.entries(record.headers)) {
    res.setHeader(name, encodeHeaderValue(value));
  }
  for (const name of OVERRIDABLE) {
    const override = ctx.target.query.get(`response-${name}`);
    if (override !== undefined) res.setHeader(name, encodeHeaderValue(override));
  }

  res.setHeader("ETag", record.etag);
  res.setHeader("Last-Modified", new Date(record.lastModified).toUTCString());
  res.setHeader("Accept-Ranges", "bytes");
  res.setHeader("x-oss-object-type", record.type);
  res.setHeader("x-oss-storage-class", "Standard");
  if (record.contentMd5 !== undefined) res.setHeader("Content-MD5", record.contentMd5);
  setCrcHeader(ctx, record.crc64);
}
