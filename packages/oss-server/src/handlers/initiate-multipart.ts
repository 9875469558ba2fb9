import type { RequestContext } from "../http/context.js";
import { sendXml } from "../http/respond.js";
import { storedHeaders } from "../store/object-record.js";
import type { HandlerDeps } from "./deps.js";
import { objectKey } from "./object-key.js";

/** InitiateMultipartUpload (`POST ?uploads`): headers are kept for the finished object. */
export async function initiateMultipartUpload(
  ctx: RequestContext,
  deps: HandlerDeps,
): Promise<void> {
  const key = objectKey(ctx);

  const upload = await deps.multipart.initiate(ctx.bucket, key, storedHeaders(ctx.headers));

  sendXml(ctx.res, 200, "InitiateMultipartUploadResult", {
    Bucket: ctx.bucket,
    Key: key,
    UploadId: upload.uploadId,
  });
}
