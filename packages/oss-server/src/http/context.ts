import type { IncomingMessage, ServerResponse } from "node:http";
import type { Readable } from "node:stream";
import type { Operation } from "./operation.js";
import type { RequestTarget } from "./target.js";

/** One request as the handlers see it. */
export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  requestId: string;
  operation: Operation;
  target: RequestTarget;
  /** The bucket, checked to exist. */
  bucket: string;
  /** Lower-case names; values re-read as UTF-8 (Node hands them over as latin1). */
  headers: Record<string, string>;
  /** The request body; a fault may have wrapped it. */
  body: Readable;
  /** Set by the wrongCrc fault. */
  corruptCrc: boolean;
}

export function decodeHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};

  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value !== "string") continue;
    headers[name] = Buffer.from(value, "latin1").toString("utf8");
  }
  return headers;
}

/** Header values go out as raw UTF-8 bytes; Node only accepts latin1 strings. */
export function encodeHeaderValue(value: string): string {
  return Buffer.from(value, "utf8").toString("latin1");
}
