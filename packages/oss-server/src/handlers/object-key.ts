import { ossErrors } from "../errors.js";
import type { RequestContext } from "../http/context.js";

/** The request's key, checked against OSS's rules: 1 to 1023 bytes of UTF-8. */
export function objectKey(ctx: RequestContext): string {
  const key = ctx.target.key ?? "";
  const length = Buffer.byteLength(key, "utf8");

  if (length === 0 || length > 1023) throw ossErrors.invalidObjectName(key);
  return key;
}
