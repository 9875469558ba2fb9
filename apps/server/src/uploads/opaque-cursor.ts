import { KuraError } from "../errors/kura-error.js";

const VERSION = 1;

/**
 * Cursors are opaque to clients: base64url of a versioned JSON tuple, so their format can change
 * without clients noticing.
 */
export function encodeOpaqueCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify([VERSION, ...values])).toString("base64url");
}

/** The values of a cursor this server made, or BAD_USER_INPUT `invalid_cursor`. */
export function decodeOpaqueCursor(value: string, length: number): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
  } catch {
    throw invalidCursor();
  }

  if (!Array.isArray(parsed) || parsed.length !== length + 1 || parsed[0] !== VERSION) {
    throw invalidCursor();
  }
  return parsed.slice(1);
}

export function invalidCursor(): KuraError {
  return KuraError.badInput("The cursor is not one this server made.", "invalid_cursor");
}
