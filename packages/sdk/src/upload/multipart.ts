import type { OpenedFile, UploadProgress } from "./source.js";

/** The `operations` and `map` fields of a GraphQL multipart request with one file. */
export interface MultipartFields {
  query: string;
  variables: Record<string, unknown>;
  /** Where the file goes in `variables`, e.g. `variables.file`. */
  filePath: string;
}

export function operationsJson(fields: MultipartFields): string {
  return JSON.stringify({ query: fields.query, variables: fields.variables });
}

export function mapJson(fields: MultipartFields): string {
  return JSON.stringify({ 0: [fields.filePath] });
}

/**
 * The request body as a stream of parts, the file's bytes passed through as they are read, so
 * nothing larger than one chunk is held. `onFileBytes` counts the file's bytes as they go.
 */
export async function* multipartBody(
  boundary: string,
  fields: MultipartFields,
  file: OpenedFile,
  onFileBytes: (sent: number) => void,
): AsyncIterable<Uint8Array> {
  const encoder = new TextEncoder();
  const head =
    textPart(boundary, "operations", operationsJson(fields)) +
    textPart(boundary, "map", mapJson(fields)) +
    `--${boundary}\r\n` +
    `Content-Disposition: form-data; name="0"; filename="${quoted(file.filename)}"\r\n` +
    `Content-Type: ${file.contentType.replace(/[\r\n]/g, "")}\r\n\r\n`;
  yield encoder.encode(head);

  for await (const chunk of file.chunks()) {
    if (!(chunk instanceof Uint8Array)) {
      throw new TypeError("An upload stream must yield bytes (Buffer or Uint8Array), not text.");
    }
    yield chunk;
    onFileBytes(chunk.byteLength);
  }

  yield encoder.encode(`\r\n--${boundary}--\r\n`);
}

function textPart(boundary: string, name: string, value: string): string {
  return `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
}

// Browsers escape these three in a form's file name the same way; other characters, UTF-8
// included, go as they are, which is what the server's multipart parser reads.
function quoted(filename: string): string {
  return filename.replace(/"/g, "%22").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

export function randomBoundary(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `kura-${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** Counts the file's bytes as they go and tells the caller after each chunk. */
export function progressCounter(
  total: number | undefined,
  onProgress: ((progress: UploadProgress) => void) | undefined,
): { add(bytes: number): void; start(): void } {
  let loaded = 0;
  const report = () => onProgress?.({ loaded, total });
  return {
    start: report,
    add(bytes) {
      loaded += bytes;
      report();
    },
  };
}
