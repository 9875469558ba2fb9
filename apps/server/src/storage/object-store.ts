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
  /** Resolves when the store can take writes now; throws, saying why, when it cannot. */
  probe(): Promise<void>;
  // Not yet: signed download URLs (the local store needs a signed route served by Kura itself).
}
