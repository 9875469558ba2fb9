import { pipeline } from "node:stream/promises";
import { ossErrors } from "../errors.js";
import type { RequestContext } from "../http/context.js";
import type { HandlerDeps } from "./deps.js";
import { setObjectHeaders } from "./object-headers.js";
import { objectKey } from "./object-key.js";
import { parseRange } from "./range.js";

/** GetObject, with a single byte range when asked (206, or 416 past the end). */
export async function getObject(ctx: RequestContext, deps: HandlerDeps): Promise<void> {
  const key = objectKey(ctx);
  const opened = await deps.objects.open(ctx.bucket, key);
  if (opened === undefined) throw ossErrors.noSuchKey(key);

  const { record, file } = opened;
  const range = parseRange(ctx.headers.range, record.size);
  if (range === "unsatisfiable") {
    await file.close();
    throw ossErrors.invalidRange(record.size);
  }

  const start = range?.start ?? 0;
  const end = range?.end ?? record.size - 1;
  setObjectHeaders(ctx, record);
  ctx.res.statusCode = range === undefined ? 200 : 206;
  ctx.res.setHeader("Content-Length", end - start + 1);
  if (range !== undefined) {
    ctx.res.setHeader("Content-Range", `bytes ${start}-${end}/${record.size}`);
  }

  if (record.size === 0) {
    await file.close();
    ctx.res.end();
    return;
  }
  await pipeline(file.createReadStream({ start, end, autoClose: true }), ctx.res);
}
