import type { Endpoint } from "../transport/http.js";
import { send } from "../transport/http.js";
import {
  type MultipartFields,
  multipartBody,
  progressCounter,
  randomBoundary,
} from "./multipart.js";
import type { OpenedFile, UploadProgress } from "./source.js";

export interface SendUploadOptions {
  signal?: AbortSignal;
  onProgress?: (progress: UploadProgress) => void;
}

/**
 * Sends a multipart request whose body is a stream (fetch with `duplex: "half"`): the file is read
 * as the connection takes it, so memory stays flat whatever its size, and progress counts the
 * bytes handed to the connection.
 */
export async function streamUpload(
  endpoint: Endpoint,
  fields: MultipartFields,
  file: OpenedFile,
  options: SendUploadOptions,
): Promise<{ status: number; text: string }> {
  const boundary = randomBoundary();
  const progress = progressCounter(file.size, options.onProgress);
  const parts = multipartBody(boundary, fields, file, progress.add)[Symbol.asyncIterator]();

  // Once the answer is in, the rest of the body is no longer wanted (a refusal can come early).
  const done = new AbortController();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (done.signal.aborted) return controller.close();

      const next = await parts.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await parts.return?.();
    },
  });

  progress.start();
  try {
    return await send(endpoint, {
      method: "POST",
      headers: {
        ...(await endpoint.headers()),
        "content-type": `multipart/form-data; boundary=${boundary}`,
        "apollo-require-preflight": "true",
      },
      body,
      duplex: "half",
      signal: options.signal,
    });
  } finally {
    done.abort();
    await parts.return?.(undefined);
  }
}
