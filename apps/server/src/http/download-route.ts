import type { IncomingMessage, ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import { attachmentDisposition } from "../storage/content-disposition.js";
import { verifyDownload } from "../storage/download-signature.js";
import type { LocalObjectStore } from "../storage/local-store.js";
import { parseRange } from "./range.js";
import { sendError } from "./respond.js";

/**
 * Serves a local-store object to whoever holds a URL the store signed: GET or HEAD, one byte
 * range (206, or 416 past the end), always as an attachment under the signed file name.
 */
export async function handleDownload(
  req: IncomingMessage,
  res: ServerResponse,
  store: LocalObjectStore,
): Promise<void> {
  const method = (req.method ?? "GET").toUpperCase();
  if (method !== "GET" && method !== "HEAD") {
    res.setHeader("allow", "GET, HEAD");
    return sendError(res, "BAD_REQUEST", "Downloads answer GET and HEAD only.", "method");
  }

  const url = new URL(req.url ?? "/", "http://kura.invalid");
  const check = verifyDownload(store.downloadSecret, url, Math.floor(Date.now() / 1000));
  if (!check.ok) {
    // One answer for a forged, altered or expired link, so none can be told from another.
    return sendError(res, "NOT_FOUND", "This download link is not valid (any more).", "link");
  }

  const { key, filename } = check.download;
  const info = await store.head(key).catch(() => null);
  if (!info) return sendError(res, "NOT_FOUND", "The object is gone.", "object");

  res.setHeader("accept-ranges", "bytes");
  res.setHeader("content-type", info.contentType);
  res.setHeader("content-disposition", attachmentDisposition(filename));
  res.setHeader("cache-control", "private, no-store");

  const range = parseRange(req.headers.range, info.size);
  if (range === "unsatisfiable") {
    res.writeHead(416, { "content-range": `bytes */${info.size}` });
    res.end();
    return;
  }

  const start = range?.start ?? 0;
  const end = range?.end ?? info.size - 1;
  res.statusCode = range ? 206 : 200;
  if (range) res.setHeader("content-range", `bytes ${start}-${end}/${info.size}`);
  res.setHeader("content-length", Math.max(0, end - start + 1));
  if (method === "HEAD" || info.size === 0) {
    res.end();
    return;
  }

  await pipeline(await store.get(key, { start, end }), res);
}
