import type { IncomingMessage, ServerResponse } from "node:http";
import { ERROR_STATUS, type ErrorCode } from "../errors/codes.js";

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(payload),
  });
  res.end(payload);
}

/** An error outside GraphQL execution, in the same shape GraphQL errors take. */
export function sendError(
  res: ServerResponse,
  code: ErrorCode,
  message: string,
  reason?: string,
): void {
  const extensions = reason ? { code, reason } : { code };
  sendJson(res, ERROR_STATUS[code], { errors: [{ message, extensions }] });
}

const DRAIN_GRACE_MS = 10_000;

/**
 * When a response goes out before the request body was read (a refused upload), the client may
 * still be sending. Closing at once could reset the connection before the client reads the
 * answer, so the rest of the body is read and dropped for a while, then the connection closes.
 */
export function dropUnreadBody(req: IncomingMessage, res: ServerResponse): void {
  if (req.complete) return;

  // No `Connection: close` here: Node destroys such a socket as soon as the response is written,
  // and a client still sending then gets EPIPE instead of the answer.
  // Held now: once the body is abandoned (an aborted `for await`), `req.socket` becomes null.
  const socket = req.socket;
  res.once("finish", () => {
    req.unpipe();
    req.resume();
    const timer = setTimeout(() => socket?.destroy(), DRAIN_GRACE_MS);
    timer.unref();
    req.once("end", () => clearTimeout(timer));
  });
}
