import { type ClientOptions, createKuraClient, type KuraClient } from "./client.js";
import { nodeHttpUpload } from "./node/http-upload.js";
import { openNodeSource } from "./node/open-source.js";
import { streamUpload } from "./upload/stream-upload.js";

/**
 * Makes a Kura client for Node.js. Uploads stream from disk or from any stream without being
 * held in memory (through node:http; with a custom `fetch`, through that fetch and a streaming
 * body, whose memory use is then that fetch's).
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
    // A caller's own fetch gets a streaming body; otherwise node:http, which keeps memory flat.
    upload: (endpoint, fields, file, send) =>
      send.customFetch
        ? streamUpload(endpoint, fields, file, send)
        : nodeHttpUpload(endpoint, fields, file, send),
  });
}

export * from "./exports.js";
