import type { Readable } from "node:stream";

export interface ObjectInfo {
  key: string;
  size: number;
  contentType: string;
  lastModified: Date;
}

/** Inclusive byte range, as HTTP `Range: bytes=start-end` counts it. */
export interface ByteRange {
  start: number;
  end?: number;
}

/**
 * An object that has received all its bytes but is not yet accepted: `commit` makes it visible
 * under its key, `discard` leaves nothing behind. Exactly one of the two is called.
 */
export interface StagedObject {
  readonly key: string;
  readonly size: number;
  commit(): Promise<void>;
  discard(): Promise<void>;
}

export interface PutOptions {
  contentType: string;
  /**
   * An upper bound of the object's size when one is known before the bytes arrive (the HTTP
   * request's Content-Length). Stores may use it to pick one request over a multipart upload.
   */
  sizeHint?: number;
}

export interface SignedUrlOptions {
  /** Seconds the URL stays valid. */
  expiresIn: number;
  /** The file name the download is saved under (sent as an RFC 5987 Content-Disposition). */
  filename: string;
}

/**
 * Where upload bytes live. Puts stream: an implementation reads `body` once, in order, and never
 * holds the whole object in memory. An error from `body` (a rejected archive, a closed client)
 * makes `put` reject with that same error and leave nothing behind.
 */
export interface ObjectStore {
  readonly kind: string;
  put(key: string, body: Readable, options: PutOptions): Promise<StagedObject>;
  get(key: string, range?: ByteRange): Promise<Readable>;
  head(key: string): Promise<ObjectInfo | null>;
  /** Removes the object; removing one that is absent is not an error. */
  delete(key: string): Promise<void>;
  /** Every object whose key starts with `prefix`, in key order. */
  list(prefix: string): AsyncIterable<ObjectInfo>;
  /**
   * A URL that downloads the object as an attachment until it expires. Either absolute, or a path
   * served by Kura itself, which the caller resolves against the origin the client used.
   */
  signedUrl(key: string, options: SignedUrlOptions): Promise<string>;
  /** Resolves when the store answers; throws (a KuraError with a storage code) when it does not. */
  probe(): Promise<void>;
  /** Stops the store's background work (retries, sweeps); called once, at shutdown. */
  close?(): Promise<void>;
}
