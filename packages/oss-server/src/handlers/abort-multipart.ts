import type { RequestContext } from "../http/context.js";
import { sendEmpty } from "../http/respond.js";
import type { HandlerDeps } from "./deps.js";
import { objectKey } from "./object-key.js";

/** AbortMultipartUpload (`DELETE ?uploadId`): the parts are removed, 204. */
export async function abortMultipartUpload(ctx: RequestContext, deps: HandlerDeps): Promise<void> {
  const key = objectKey(ctx);

  await deps.multipart.abort(ctx.bucket, key, ctx.target.query.get("uploadId") ?? "");

  sendEmpty(ctx.res, 204);
}
