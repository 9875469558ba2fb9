import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { Readable } from "node:stream";
import type { Endpoint } from "../transport/http.js";
import { networkFailure } from "../transport/response.js";
import {
  type MultipartFields,
  multipartBody,
  progressCounter,
  randomBoundary,
} from "../upload/multipart.js";
import type { OpenedFile } from "../upload/source.js";
import type { SendUploadOptions } from "../upload/stream-upload.js";

// Read ahead of the socket by at most this much, so progress tracks what the connection took.
const READ_AHEAD_BYTES = 64 * 1024;

/**
 * Sends a multipart request through node:http with the body piped from the source. Node's fetch
 * (undici) is not used here: with a streaming request body it was measured holding the whole
 * body in memory, while a pipe into http.request waits on the socket.
 */
export async function nodeHttpUpload(
  endpoint: Endpoint,
  fields: MultipartFields,
  file: OpenedFile,
  options: SendUploadOptions,
): Promise<{ status: number; text: string }> {
  const { signal } = options;
  signal?.throwIfAborted();

  const boundary = randomBoundary();
  const progress = progressCounter(file.size, options.onProgress);
  const headers = {
    ...(await endpoint.headers()),
    "content-type": `multipart/form-data; boundary=${boundary}`,
    "apollo-require-preflight": "true",
  };
  const url = new URL(endpoint.url);
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;

  return new Promise((resolve, reject) => {
    const body = Readable.from(multipartBody(boundary, fields, file, progress.add), {
      objectMode: false,
      highWaterMark: READ_AHEAD_BYTES,
    });
    const req = send(url, { method: "POST", headers, signal });

    // A failure of the source (a file that cannot be read) is the caller's, not the network's.
    let sourceError: unknown;
    body.once("error", (error) => {
      sourceError = error;
      req.destroy(error);
    });
    req.once("error", (error) => {
      body.destroy();
      reject(sourceError ?? networkFailure(error, signal));
    });
    req.once("response", (res: IncomingMessage) => {
      // A refusal may come before the whole body went out; the rest is no longer wanted.
      body.unpipe(req);
      body.destroy();
      readText(res).then(
        (text) => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, text });
        },
        (error: unknown) => reject(networkFailure(error, signal)),
      );
    });

    progress.start();
    body.pipe(req);
  });
}

async function readText(res: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
