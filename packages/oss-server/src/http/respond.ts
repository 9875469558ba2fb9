import type { IncomingMessage, ServerResponse } from "node:http";
import type { OssError } from "../errors.js";
import type { RequestContext } from "./context.js";
import { renderXml, type XmlNode } from "./xml.js";

/** Headers every OSS response carries. */
export function setCommonHeaders(res: ServerResponse, requestId: string): void {
  res.setHeader("Server", "AliyunOSS");
  res.setHeader("Date", new Date().toUTCString());
  res.setHeader("x-oss-request-id", requestId);
}

/** The CRC header, or a deliberately wrong one when the wrongCrc fault fired. */
export function setCrcHeader(ctx: RequestContext, crc64: string): void {
  const value = ctx.corruptCrc ? ((BigInt(crc64) + 1n) % 2n ** 64n).toString(10) : crc64;
  ctx.res.setHeader("x-oss-hash-crc64ecma", value);
}

export function sendXml(res: ServerResponse, status: number, root: string, node: XmlNode): void {
  const body = Buffer.from(renderXml(root, node), "utf8");

  res.statusCode = status;
  res.setHeader("Content-Type", "application/xml");
  res.setHeader("Content-Length", body.length);
  res.end(body);
}

export function sendEmpty(res: ServerResponse, status: number): void {
  res.statusCode = status;
  res.setHeader("Content-Length", 0);
  res.end();
}

/**
 * OSS's XML error body. HEAD responses carry no body, so (like OSS) the same XML goes base64 in
 * `x-oss-err`, which ali-oss decodes. Unread request bodies are drained so the client gets to
 * read the answer instead of a reset.
 */
export function sendError(
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
  error: OssError,
): void {
  if (res.headersSent) {
    res.destroy(error);
    return;
  }

  const xml = renderXml("Error", {
    Code: error.code,
    Message: error.message,
    RequestId: requestId,
    HostId: req.headers.host ?? "",
    ...error.details,
  });
  const body = Buffer.from(xml, "utf8");

  for (const name of res.getHeaderNames()) res.removeHeader(name);
  setCommonHeaders(res, requestId);
  res.statusCode = error.status;
  res.setHeader("Content-Type", "application/xml");
  for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  if (req.method === "HEAD") res.setHeader("x-oss-err", body.toString("base64"));
  res.setHeader("Content-Length", body.length);
  res.end(body);
  if (!req.readableEnded) req.resume();
}
