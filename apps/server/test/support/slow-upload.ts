import { randomBytes } from "node:crypto";
import { type ClientRequest, type IncomingMessage, request } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";

export interface SlowUpload {
  /** Sends the next `bytes` of the body (all that is left when omitted). */
  send(bytes?: number): Promise<void>;
  /** Sends the rest of the body slowly: `chunk` bytes every `intervalMs`. */
  trickle(chunk: number, intervalMs: number): Promise<void>;
  /** The response, once the server answers. */
  response: Promise<{ status: number; headers: IncomingMessage["headers"]; json: unknown }>;
  /** Bytes of the body still unsent. */
  readonly remaining: number;
  request: ClientRequest;
}

/**
 * An `uploadZip` multipart request whose body the test sends piece by piece, the way a slow
 * client would, so that something can happen to the server while the upload is in flight.
 */
export function startSlowUpload(url: string, filename: string, archive: Buffer): SlowUpload {
  const boundary = `kura-${randomBytes(8).toString("hex")}`;
  const operations = JSON.stringify({
    query: "mutation($file: File!) { uploadZip(file: $file) { id size sha256 } }",
    variables: { file: null },
  });
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\ncontent-disposition: form-data; name="operations"\r\n\r\n${operations}\r\n` +
        `--${boundary}\r\ncontent-disposition: form-data; name="map"\r\n\r\n{"0":["variables.file"]}\r\n` +
        `--${boundary}\r\ncontent-disposition: form-data; name="0"; filename="${filename}"\r\n` +
        "content-type: application/zip\r\n\r\n",
    ),
    archive,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);

  const req = request(`${url}/graphql`, {
    method: "POST",
    agent: false,
    headers: {
      "apollo-require-preflight": "true",
      "content-type": `multipart/form-data; boundary=${boundary}`,
      "content-length": body.length,
    },
  });
  const response = new Promise<{
    status: number;
    headers: IncomingMessage["headers"];
    json: unknown;
  }>((resolve, reject) => {
    req.once("error", reject);
    req.once("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.once("error", reject);
      res.once("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({ status: res.statusCode ?? 0, headers: res.headers, json: JSON.parse(text) });
      });
    });
  });
  // Settled by the test; an early rejection must not surface as an unhandled one.
  response.catch(() => {});

  let offset = 0;
  const send = (bytes = body.length - offset) =>
    new Promise<void>((resolve, reject) => {
      const piece = body.subarray(offset, offset + bytes);
      offset += piece.length;
      const done = (error?: Error | null) => (error ? reject(error) : resolve());
      if (offset >= body.length) req.end(piece, () => done());
      else req.write(piece, done);
    });

  return {
    send,
    trickle: async (chunk, intervalMs) => {
      while (offset < body.length) {
        await send(Math.min(chunk, body.length - offset));
        await sleep(intervalMs);
      }
    },
    response,
    get remaining() {
      return body.length - offset;
    },
    request: req,
  };
}
