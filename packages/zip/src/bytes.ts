import { ZipRejection } from "./rejection.js";

export function u16(bytes: Uint8Array, at: number): number {
  return (bytes[at] as number) | ((bytes[at + 1] as number) << 8);
}

export function u32(bytes: Uint8Array, at: number): number {
  return (
    ((bytes[at] as number) |
      ((bytes[at + 1] as number) << 8) |
      ((bytes[at + 2] as number) << 16) |
      ((bytes[at + 3] as number) << 24)) >>>
    0
  );
}

/** A 64-bit field as a number; sizes past 2^53 cannot be counted exactly, so they are refused. */
export function u64(bytes: Uint8Array, at: number): number {
  const high = u32(bytes, at + 4);
  if (high >= 0x200000) {
    throw ZipRejection.corrupt(`A 64-bit field holds ${high} * 2^32, beyond what can be counted.`);
  }

  return high * 0x100000000 + u32(bytes, at);
}

/** Wraps a view as a Buffer without copying, for Buffer-only methods such as `indexOf(bytes)`. */
export function asBuffer(bytes: Uint8Array): Buffer {
  if (Buffer.isBuffer(bytes)) return bytes;

  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
