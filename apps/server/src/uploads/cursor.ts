import { isUuid } from "./ids.js";
import { decodeOpaqueCursor, encodeOpaqueCursor, invalidCursor } from "./opaque-cursor.js";

/** A position in the newest-first order of uploads: the last row a page returned. */
export interface UploadCursor {
  createdAt: Date;
  id: string;
}

export function encodeCursor(cursor: UploadCursor): string {
  return encodeOpaqueCursor([cursor.createdAt.getTime(), cursor.id]);
}

export function decodeCursor(value: string): UploadCursor {
  const [millis, id] = decodeOpaqueCursor(value, 2);
  if (!Number.isSafeInteger(millis) || typeof id !== "string" || !isUuid(id)) throw invalidCursor();
  const createdAt = new Date(millis as number);
  if (Number.isNaN(createdAt.getTime())) throw invalidCursor();

  return { createdAt, id };
}
