import type { RequestContext } from "../http/context.js";
import { sendEmpty, setCrcHeader } from "../http/respond.js";
import { storedHeaders } from "../store/object-record.js";
import type { HandlerDeps } from "./deps.js";
import { objectKey } from "./object-key.js";

/** PutObject: a fixed-length or chunked body, stored whole or not at all. */
export async function putObject(ctx: RequestContext, deps: HandlerDeps): Promise<void> {
  const key = objectKey(ctx);
  const headers = storedHeaders(ctx.headers);

  const record = await deps.objects.put(
    ctx.bucket,
    key,
    ctx.body,
    headers,
    ctx.headers["content-md5"],
  );

  ctx.res.setHeader("ETag", record.etag);
  ctx.res.setHeader("Content-MD5", record.contentMd5 ?? "");
  setCrcHeader(ctx, record.crc64);
  sendEmpty(ctx.res, 200);
}
