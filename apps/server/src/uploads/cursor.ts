import { KuraError } from "../errors/kura-error.js";
import { isUuid } from "./ids.js";

/** A position in the newest-first order of uploads: the last row a page returned. */
export interface UploadCursor {
  createdAt: Date;
  id: string;
}

// Cursors are opaque to clients: base64url of a versioned tuple, so the format can change later.
export function encodeCursor(cursor: UploadCursor): string {
  return Buffer.from(JSON.stringify([1, cursor.createdAt.getTime(), cursor.id])).toString(
    "base64url",
  );
}

export function decodeCursor(value: string): UploadCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
  } catch {
    throw invalidCursor();
  }

  if (!Array.isArray(parsed) || parsed.length !== 3 || parsed[0] !== 1) throw invalidCursor();
  const [, millis, id] = parsed as [number, unknown, unknown];
  if (!Number.isSafeInteger(millis) || typeof id !== "string" || !isUuid(id)) throw invalidCursor();
  const createdAt = new Date(millis as number);
  if (Number.isNaN(createdAt.getTime())) throw invalidCursor();

  return { createdAt, id };
}

function invalidCursor(): KuraError {
  return KuraError.badInput("The cursor is not one this server made.", "invalid_cursor");
}
