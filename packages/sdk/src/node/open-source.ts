import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import {
  DEFAULT_CONTENT_TYPE,
  type OpenedFile,
  openPortable,
  readStream,
  required,
  type SourceHints,
  type UploadSource,
} from "../upload/source.js";

/** Opens what Node callers may pass: a path, bytes, a Blob, a Node or web stream. */
export async function openNodeSource(
  source: UploadSource,
  hints: SourceHints,
): Promise<OpenedFile> {
  if (typeof source === "string") return openPath(source, hints);

  const portable = openPortable(source, hints);
  if (portable) return portable;

  const contentType = hints.contentType ?? DEFAULT_CONTENT_TYPE;
  if (typeof ReadableStream !== "undefined" && source instanceof ReadableStream) {
    const stream = source as ReadableStream<Uint8Array>;
    return {
      filename: required(hints.filename, "a stream"),
      contentType,
      size: hints.size,
      chunks: () => readStream(stream),
    };
  }
  if (isAsyncIterable(source)) {
    // A stream from fs.createReadStream knows its own file name.
    const streamPath = (source as { path?: unknown }).path;
    const ownName = typeof streamPath === "string" ? path.basename(streamPath) : undefined;
    return {
      filename: required(hints.filename ?? ownName, "a stream"),
      contentType,
      size: hints.size,
      chunks: () => source,
    };
  }
  throw new TypeError(
    "uploadZip takes a file path, a Buffer or Uint8Array, a Blob, or a stream of bytes.",
  );
}

async function openPath(file: string, hints: SourceHints): Promise<OpenedFile> {
  const info = await stat(file);
  if (!info.isFile()) throw new TypeError(`${file} is not a regular file.`);

  return {
    filename: hints.filename ?? path.basename(file),
    contentType: hints.contentType ?? DEFAULT_CONTENT_TYPE,
    size: info.size,
    chunks: () => createReadStream(file, { highWaterMark: 256 * 1024 }),
  };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<Uint8Array> {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function"
  );
}
