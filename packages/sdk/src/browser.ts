import { type ClientOptions, createKuraClient, type KuraClient } from "./client.js";
import { browserUpload } from "./upload/browser-upload.js";
import { openPortable, type SourceHints, type UploadSource } from "./upload/source.js";

/**
 * Makes a Kura client for browsers. Uploads take a File, a Blob or bytes; progress comes from
 * XMLHttpRequest's upload events unless a custom `fetch` is given.
 */
export function createClient(options: ClientOptions): KuraClient {
  return createKuraClient(options, {
    open: async (source: UploadSource, hints: SourceHints) => {
      const file = openPortable(source, hints);
      if (!file) throw new TypeError("In a browser, uploadZip sends a File, a Blob or bytes.");
      return file;
    },
    upload: (endpoint, fields, file, send) =>
      browserUpload(endpoint, fields, file, {
        ...send,
        useXhr: typeof XMLHttpRequest !== "undefined" && !send.customFetch,
      }),
  });
}

export * from "./exports.js";
