import { type ClientOptions, createKuraClient, type KuraClient } from "./client.js";
import { openNodeSource } from "./node/open-source.js";
import { streamUpload } from "./upload/stream-upload.js";

/**
 * Makes a Kura client for Node.js. Uploads stream from disk or from any stream without being
 * held in memory.
 *
 * ```ts
 * const kura = createClient({ url: "http://127.0.0.1:8080" });
 * const upload = await kura.uploadZip("./archive.zip", {
 *   onProgress: ({ loaded, total }) => console.log(loaded, total),
 * });
 * ```
 */
export function createClient(options: ClientOptions): KuraClient {
  return createKuraClient(options, {
    open: openNodeSource,
    upload: (endpoint, fields, file, send) => streamUpload(endpoint, fields, file, send),
  });
}

export * from "./exports.js";
