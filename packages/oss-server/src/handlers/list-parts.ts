import { ossErrors } from "../errors.js";
import type { RequestContext } from "../http/context.js";
import { sendXml } from "../http/respond.js";
import type { HandlerDeps } from "./deps.js";
import { objectKey } from "./object-key.js";

/** ListParts (`GET ?uploadId`): max-parts and part-number-marker paging. */
export async function listParts(ctx: RequestContext, deps: HandlerDeps): Promise<void> {
  const key = objectKey(ctx);
  const { query } = ctx.target;
  const uploadId = query.get("uploadId") ?? "";
  const marker = Number(query.get("part-number-marker") ?? "0");
  const maxParts = Number(query.get("max-parts") ?? "1000");
  if (!Number.isInteger(marker) || !Number.isInteger(maxParts) || maxParts < 0 || maxParts > 1000) {
    throw ossErrors.invalidArgument("part-number-marker and max-parts must be integers.");
  }

  const after = deps.multipart
    .listParts(ctx.bucket, key, uploadId)
    .filter((p) => p.partNumber > marker);
  const parts = after.slice(0, maxParts);
  const truncated = after.length > parts.length;

  sendXml(ctx.res, 200, "ListPartsResult", {
    Bucket: ctx.bucket,
    Key: key,
    UploadId: uploadId,
    PartNumberMarker: marker,
    NextPartNumberMarker: parts.at(-1)?.partNumber ?? marker,
    MaxParts: maxParts,
    IsTruncated: truncated,
    Part: parts.map((part) => ({
      PartNumber: part.partNumber,
      LastModified: part.lastModified,
      ETag: part.etag,
      HashCrc64ecma: part.crc64,
      Size: part.size,
    })),
  });
}
