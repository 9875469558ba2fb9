import { ossErrors } from "../errors.js";
import type { RequestContext } from "../http/context.js";
import type { HandlerDeps } from "./deps.js";
import { setObjectHeaders } from "./object-headers.js";
import { objectKey } from "./object-key.js";

/** HeadObject (and GetObjectMeta, which is HEAD ?objectMeta): GetObject's headers, no body. */
export async function headObject(ctx: RequestContext, deps: HandlerDeps): Promise<void> {
  const key = objectKey(ctx);
  const record = deps.objects.get(ctx.bucket, key);
  if (record === undefined) throw ossErrors.noSuchKey(key);

  setObjectHeaders(ctx, record);
  ctx.res.statusCode = 200;
  ctx.res.setHeader("Content-Length", record.size);
  ctx.res.end();
}
