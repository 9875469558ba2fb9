import { u32 } from "./bytes.js";

/**
 * A DOS date and time in milliseconds since 1970. The format carries no time zone, so the
 * wall-clock value is read as UTC; an impossible value (including the all-zero "no date") gives
 * NaN.
 */
export function fromDosDateTime(date: number, time: number): number {
  const year = 1980 + (date >> 9);
  const month = (date >> 5) & 0x0f;
  const day = date & 0x1f;
  const hours = time >> 11;
  const minutes = (time >> 5) & 0x3f;
  const seconds = (time & 0x1f) * 2;
  if (month < 1 || month > 12 || day < 1 || hours > 23 || minutes > 59 || seconds > 59) {
    return Number.NaN;
  }

  return Date.UTC(year, month - 1, day, hours, minutes, seconds);
}

// The last stamp read and its time: the entries of an archive often share a few stamps, and
// Date.UTC costs more than the rest of reading a header's fixed fields.
let lastStamp = -1;
let lastTime = Number.NaN;

/** `fromDosDateTime` of the time and date words a header stores from `at`, time first. */
export function dosTimeAt(bytes: Uint8Array, at: number): number {
  const stamp = u32(bytes, at);
  if (stamp !== lastStamp) {
    lastStamp = stamp;
    lastTime = fromDosDateTime(stamp >>> 16, stamp & 0xffff);
  }
  return lastTime;
}
