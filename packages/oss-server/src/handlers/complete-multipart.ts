import type { RequestContext } from "../http/context.js";
import { sendXml, setCrcHeader } from "../http/respond.js";
import type { HandlerDeps } from "./deps.js";
import { MAX_COMPLETE_BODY, parseCompleteBody } from "./multipart-xml.js";
import { objectKey } from "./object-key.js";
import { readSmallBody } from "./read-body.js";

/** CompleteMultipartUpload (`POST ?uploadId`): answers with the object's ETag and whole CRC. */
export async function completeMultipartUpload(
  ctx: RequestContext,
  deps: HandlerDeps,
): Promise<void> {
  const key = objectKey(ctx);
  const uploadId = ctx.target.query.get("uploadId") ?? "";
  deps.multipart.find(ctx.bucket, key, uploadId);

  const parts = parseCompleteBody(await readSmallBody(ctx.body, MAX_COMPLETE_BODY));
  const record = await deps.multipart.complete(ctx.bucket, key, uploadId, parts);

  ctx.res.setHeader("ETag", record.etag);
  setCrcHeader(ctx, record.crc64);
  sendXml(ctx.res, 200, "CompleteMultipartUploadResult", {
    Location: `/${ctx.bucket}/${key}`,
    Bucket: ctx.bucket,
    Key: key,
    ETag: record.etag,
  });
}
