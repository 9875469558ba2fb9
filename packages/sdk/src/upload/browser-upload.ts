import type { Endpoint } from "../transport/http.js";
import { send } from "../transport/http.js";
import { networkFailure } from "../transport/response.js";
import { type MultipartFields, mapJson, operationsJson, progressCounter } from "./multipart.js";
import type { OpenedFile } from "./source.js";
import type { SendUploadOptions } from "./stream-upload.js";

/**
 * Sends a multipart request from a browser as a FormData. With XMLHttpRequest (and no custom
 * fetch) progress follows the browser's upload events; with fetch, which reports no upload
 * progress, it moves from 0 to the whole size when the answer arrives.
 */
export async function browserUpload(
  endpoint: Endpoint,
  fields: MultipartFields,
  file: OpenedFile,
  options: SendUploadOptions & { useXhr: boolean },
): Promise<{ status: number; text: string }> {
  if (!file.blob) throw new TypeError("In a browser, uploadZip sends a File, a Blob or bytes.");

  const form = new FormData();
  form.set("operations", operationsJson(fields));
  form.set("map", mapJson(fields));
  form.set("0", file.blob, file.filename);
  const headers = { ...(await endpoint.headers()), "apollo-require-preflight": "true" };

  if (options.useXhr) return xhrUpload(endpoint.url, headers, form, file, options);

  const progress = progressCounter(file.size, options.onProgress);
  progress.start();
  const answer = await send(endpoint, {
    method: "POST",
    headers,
    body: form,
    signal: options.signal,
  });
  progress.add(file.blob.size);
  return answer;
}

function xhrUpload(
  url: string,
  headers: Record<string, string>,
  form: FormData,
  file: OpenedFile,
  options: SendUploadOptions,
): Promise<{ status: number; text: string }> {
  const { signal, onProgress } = options;
  const size = file.blob?.size ?? 0;

  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);

    const xhr = new XMLHttpRequest();
    const abort = () => xhr.abort();
    signal?.addEventListener("abort", abort, { once: true });
    const settle = () => signal?.removeEventListener("abort", abort);

    xhr.open("POST", url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);

    // The browser counts the whole body, multipart framing included; scale it to the file.
    xhr.upload.onprogress = (event) => {
      if (!event.lengthComputable || event.total === 0) return;
      onProgress?.({ loaded: Math.round((event.loaded / event.total) * size), total: size });
    };
    xhr.onload = () => {
      settle();
      resolve({ status: xhr.status, text: xhr.responseText });
    };
    xhr.onerror = () => {
      settle();
      reject(networkFailure(new Error("XMLHttpRequest failed"), signal));
    };
    xhr.onabort = () => {
      settle();
      reject(signal?.reason ?? new DOMException("The upload was aborted.", "AbortError"));
    };

    onProgress?.({ loaded: 0, total: size });
    xhr.send(form);
  });
}
