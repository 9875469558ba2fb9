/**
 * What `uploadZip` accepts. In Node: a file path, bytes, a Blob or File, a Node stream or any
 * async iterable of bytes, or a web ReadableStream. In a browser: a File, a Blob or bytes.
 */
export type UploadSource =
  | string
  | Uint8Array
  | Blob
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>;

/** How far an upload got: bytes of the file sent so far, and the file's size when known. */
export interface UploadProgress {
  loaded: number;
  total: number | undefined;
}

/** A source made ready to send. */
export interface OpenedFile {
  filename: string;
  contentType: string;
  /** Undefined for a stream whose size the caller did not give. */
  size: number | undefined;
  /** The bytes, read once, in order. */
  chunks(): AsyncIterable<Uint8Array>;
  /** The same bytes as a Blob, when they are one already (a browser can send it as it is). */
  blob?: Blob;
}

/** Names the caller may give for a source that carries none. */
export interface SourceHints {
  filename?: string;
  contentType?: string;
  size?: number;
}

export const DEFAULT_CONTENT_TYPE = "application/zip";

const SLICE_BYTES = 64 * 1024;

/** Bytes in memory, handed out in slices so that progress moves while they are sent. */
export async function* sliced(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  for (let offset = 0; offset < bytes.byteLength; offset += SLICE_BYTES) {
    yield bytes.subarray(offset, offset + SLICE_BYTES);
  }
}

/** A web ReadableStream as an async iterable, releasing it when the reader stops early. */
export async function* readStream(stream: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

/** Opens the sources both platforms accept: Blobs and bytes. Undefined for anything else. */
export function openPortable(source: UploadSource, hints: SourceHints): OpenedFile | undefined {
  if (source instanceof Uint8Array) {
    const blob = new Blob([source as Uint8Array<ArrayBuffer>]);
    return {
      filename: required(hints.filename, "a byte array"),
      contentType: hints.contentType ?? DEFAULT_CONTENT_TYPE,
      size: source.byteLength,
      chunks: () => sliced(source),
      blob,
    };
  }
  if (typeof Blob !== "undefined" && source instanceof Blob) {
    const name = "name" in source && typeof source.name === "string" ? source.name : undefined;
    return {
      filename: required(hints.filename ?? name, "a Blob"),
      contentType: hints.contentType ?? (source.type || DEFAULT_CONTENT_TYPE),
      size: source.size,
      chunks: () => readStream(source.stream() as ReadableStream<Uint8Array>),
      blob: source,
    };
  }
  return undefined;
}

export function required(filename: string | undefined, what: string): string {
  if (!filename) throw new TypeError(`uploadZip needs a filename option when sending ${what}.`);
  return filename;
}
