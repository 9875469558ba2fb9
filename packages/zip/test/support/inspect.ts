import { expect } from "vitest";
import {
  ZipInspector,
  type ZipInspectorOptions,
  ZipRejection,
  type ZipSummary,
} from "../../dist/index.js";

/** Feeds `bytes` in chunks of `chunkSize`, awaiting each write as a server would. */
export async function inspect(
  bytes: Uint8Array,
  chunkSize = 64 * 1024,
  options?: ZipInspectorOptions,
): Promise<ZipSummary> {
  const inspector = new ZipInspector(options);
  for (let at = 0; at < bytes.byteLength; at += chunkSize) {
    await inspector.write(bytes.subarray(at, at + chunkSize));
  }
  return inspector.end();
}

/** The rejection an inspection ends in; fails the test if it succeeds or throws anything else. */
export async function rejection(
  bytes: Uint8Array,
  chunkSize = 64 * 1024,
  options?: ZipInspectorOptions,
): Promise<ZipRejection> {
  const error = await inspect(bytes, chunkSize, options).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ZipRejection);
  return error as ZipRejection;
}

export const CHUNK_SIZES = [1, 7, 64 * 1024];
