import { decodeOpaqueCursor, encodeOpaqueCursor, invalidCursor } from "./opaque-cursor.js";

/** A position in an upload's entries, in path order: the last entry a page returned. */
export interface EntryCursor {
  path: string;
  ordinal: number;
}

export function encodeEntryCursor(cursor: EntryCursor): string {
  return encodeOpaqueCursor([cursor.path, cursor.ordinal]);
}

export function decodeEntryCursor(value: string): EntryCursor {
  const [path, ordinal] = decodeOpaqueCursor(value, 2);
  if (typeof path !== "string" || !Number.isSafeInteger(ordinal) || (ordinal as number) < 0) {
    throw invalidCursor();
  }

  return { path, ordinal: ordinal as number };
}
