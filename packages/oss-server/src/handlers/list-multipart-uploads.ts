import type { RequestContext } from "../http/context.js";
import { sendXml } from "../http/respond.js";
import type { HandlerDeps } from "./deps.js";
import { listPage } from "./list-page.js";

/**
 * ListMultipartUploads (`GET /?uploads` on the bucket): prefix, delimiter and max-uploads.
 * Not yet: key-marker/upload-id-marker paging; tests list at most a handful of open uploads.
 */
export async function listMultipartUploads(ctx: RequestContext, deps: HandlerDeps): Promise<void> {
  const { query } = ctx.target;
  const prefix = query.get("prefix") ?? "";
  const delimiter = query.get("delimiter") ?? "";
  const maxUploads = Math.min(Number(query.get("max-uploads") ?? "1000") || 1000, 1000);

  const uploads = deps.multipart.listUploads(ctx.bucket);
  const page = listPage(uploads, {
    prefix,
    delimiter,
    after: "",
    afterIsPrefix: false,
    maxKeys: maxUploads,
  });

  sendXml(ctx.res, 200, "ListMultipartUploadsResult", {
    Bucket: ctx.bucket,
    KeyMarker: "",
    UploadIdMarker: "",
    NextKeyMarker: page.contents.at(-1)?.key ?? "",
    NextUploadIdMarker: page.contents.at(-1)?.uploadId ?? "",
    Delimiter: delimiter === "" ? undefined : delimiter,
    Prefix: prefix,
    MaxUploads: maxUploads,
    IsTruncated: page.truncated,
    Upload: page.contents.map((upload) => ({
      Key: upload.key,
      UploadId: upload.uploadId,
      Initiated: upload.initiated,
    })),
    CommonPrefixes: page.commonPrefixes.map((commonPrefix) => ({ Prefix: commonPrefix })),
  });
}
