import type { Operation } from "./http/operation.js";
import type { RequestCounter } from "./http/request-counter.js";
import type { MultipartStore, UploadRecord } from "./store/multipart-store.js";
import type { ObjectStore } from "./store/object-store.js";

/** An object as tests see it. */
export interface InspectedObject {
  key: string;
  size: number;
  etag: string;
  /** Unsigned decimal CRC-64/ECMA-182. */
  crc64: string;
  type: "Normal" | "Multipart";
  lastModified: string;
  headers: Record<string, string>;
}

/** Read-only views of the server's state for test assertions; no signing, no HTTP. */
export interface OssInspector {
  /** Objects of a bucket in key order. */
  objects(bucket: string): InspectedObject[];
  /** Multipart uploads that were initiated and neither completed nor aborted. */
  openUploads(bucket: string): UploadRecord[];
  /** Requests received per operation since start (or the last reset). */
  requestCounts(): Partial<Record<Operation, number>>;
  resetRequestCounts(): void;
}

export function createInspector(
  objects: ObjectStore,
  multipart: MultipartStore,
  counter: RequestCounter,
): OssInspector {
  return {
    objects: (bucket) =>
      objects.list(bucket).map(({ dataFile: _dataFile, contentMd5: _md5, ...rest }) => rest),
    openUploads: (bucket) => multipart.listUploads(bucket),
    requestCounts: () => counter.snapshot(),
    resetRequestCounts: () => counter.reset(),
  };
}
