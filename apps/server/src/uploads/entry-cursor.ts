import { KuraError } from "../errors/kura-error.js";

/** A position in an upload's entries, in path order: the last entry a page returned. */
export interface EntryCursor {
  path: string;
  ordinal: number;
}

// Opaque to clients, like upload cursors: base64url of a versioned tuple.
export function encodeEntryCursor(cursor: EntryCursor): string {
  return Buffer.from(JSON.stringify([1, cursor.path, cursor.ordinal])).toString("base64url");
}

export function decodeEntryCursor(value: string): EntryCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
  } catch {
    throw invalidCursor();
  }

  if (!Array.isArray(parsed) || parsed.length !== 3 || parsed[0] !== 1) throw invalidCursor();

  const [, path, ordinal] = parsed as [number, unknown, unknown];
  if (typeof path !== "string" || !Number.isSafeInteger(ordinal) || (ordinal as number) < 0) {
    throw invalidCursor();
  }

  return { path, ordinal: ordinal as number };
}

function invalidCursor(): KuraError {
  return KuraError.badInput("The cursor is not one this server made.", "invalid_cursor");
}
