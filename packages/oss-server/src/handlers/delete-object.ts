import type { RequestContext } from "../http/context.js";
import { sendEmpty } from "../http/respond.js";
import type { HandlerDeps } from "./deps.js";
import { objectKey } from "./object-key.js";

/** DeleteObject: 204 whether or not the key existed. */
export async function deleteObject(ctx: RequestContext, deps: HandlerDeps): Promise<void> {
  await deps.objects.delete(ctx.bucket, objectKey(ctx));
  sendEmpty(ctx.res, 204);
}
