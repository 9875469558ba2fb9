import { crc32 } from "node:zlib";
import { u16, u32, u64 } from "./bytes.js";
import { ZipRejection } from "./rejection.js";

const ZIP64 = 0x0001;
const EXTENDED_TIMESTAMP = 0x5455;
const UNICODE_PATH = 0x7075;

/** The extra fields the inspector reads; the rest are skipped. */
export interface ExtraFields {
  zip64?: Uint8Array;
  timestamp?: Uint8Array;
  unicodePath?: Uint8Array;
}

const NO_EXTRAS: ExtraFields = Object.freeze({});

/** The extra fields in `bytes` from `start`, `length` bytes long; most records have none. */
export function readExtraFields(bytes: Buffer, start: number, length: number): ExtraFields {
  return length === 0 ? NO_EXTRAS : parseExtraFields(bytes.subarray(start, start + length));
}

export function parseExtraFields(extra: Uint8Array): ExtraFields {
  const fields: ExtraFields = {};
  let at = 0;
  // Some tools (zipalign, for one) pad the extra area with bytes that are not a whole field;
  // what does not fit a field header is ignored, as unzip does.
  while (at + 4 <= extra.byteLength) {
    const id = u16(extra, at);
    const size = u16(extra, at + 2);
    const data = extra.subarray(at + 4, at + 4 + size);
    if (id === ZIP64) fields.zip64 = data;
    else if (id === EXTENDED_TIMESTAMP) fields.timestamp = data;
    else if (id === UNICODE_PATH) fields.unicodePath = data;
    at += 4 + size;
  }
  return fields;
}

/**
 * Reads the ZIP64 values that replace saturated header fields. Only fields whose 32-bit value is
 * all ones appear in the extra field, in this order: size, compressed size, offset, disk.
 */
export function resolveZip64(
  data: Uint8Array | undefined,
  fields: { size: number; compressedSize: number; offset?: number; disk?: number },
  entry: string,
): { size: number; compressedSize: number; offset: number; disk: number } {
  const resolved = { offset: 0, disk: 0, ...fields };
  let at = 0;
  const take = (width: 4 | 8): number => {
    if (data === undefined || at + width > data.byteLength) {
      throw ZipRejection.corrupt(`Entry "${entry}" lacks the ZIP64 field its header points to.`, {
        entry,
      });
    }

    const value = width === 8 ? u64(data, at) : u32(data, at);
    at += width;
    return value;
  };
  if (fields.size === 0xffffffff) resolved.size = take(8);
  if (fields.compressedSize === 0xffffffff) resolved.compressedSize = take(8);
  if (fields.offset === 0xffffffff) resolved.offset = take(8);
  if (fields.disk === 0xffff) resolved.disk = take(4);
  return resolved;
}

/** Info-ZIP's UTF-8 name, valid only while its CRC still matches the name in the header. */
export function unicodePathBytes(data: Uint8Array | undefined, rawName: Uint8Array) {
  if (data === undefined || data.byteLength < 5 || data[0] !== 1) return null;

  if (u32(data, 1) !== crc32(rawName)) return null;

  return data.subarray(5);
}

/**
 * The modification time from an extended-timestamp field (Unix seconds, UTC) in milliseconds, or
 * NaN when there is none.
 */
export function extendedModifiedAt(data: Uint8Array | undefined): number {
  if (data === undefined || data.byteLength < 5 || ((data[0] as number) & 1) === 0) {
    return Number.NaN;
  }

  return (u32(data, 1) | 0) * 1000;
}
