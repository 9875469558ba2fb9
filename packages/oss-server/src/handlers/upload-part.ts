import { ossErrors } from "../errors.js";
import type { RequestContext } from "../http/context.js";
import { sendEmpty, setCrcHeader } from "../http/respond.js";
import { MAX_PART_NUMBER } from "../store/multipart-store.js";
import type { HandlerDeps } from "./deps.js";
import { objectKey } from "./object-key.js";

/** UploadPart (`PUT ?partNumber&uploadId`): ali-oss needs the ETag header back. */
export async function uploadPart(ctx: RequestContext, deps: HandlerDeps): Promise<void> {
  const key = objectKey(ctx);
  const uploadId = ctx.target.query.get("uploadId") ?? "";
  const partNumber = Number(ctx.target.query.get("partNumber"));
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
    throw ossErrors.invalidArgument(`partNumber must be an integer from 1 to ${MAX_PART_NUMBER}.`);
  }
  deps.multipart.find(ctx.bucket, key, uploadId);

  const part = await deps.multipart.uploadPart(ctx.bucket, key, uploadId, partNumber, ctx.body);

  ctx.res.setHeader("ETag", part.etag);
  setCrcHeader(ctx, part.crc64);
  sendEmpty(ctx.res, 200);
}
