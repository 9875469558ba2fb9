import { describe, expect, it } from "vitest";
import { KuraError } from "../../src/errors/kura-error.js";
import { decodeCursor, encodeCursor } from "../../src/uploads/cursor.js";
import { uuidv7 } from "../../src/uploads/ids.js";

describe("upload cursors", () => {
  it("round-trip a position", () => {
    const position = { createdAt: new Date("2026-12-04T10:11:12.345Z"), id: uuidv7() };

    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it("are opaque: no raw id or time shows", () => {
    const id = uuidv7();
    const cursor = encodeCursor({ createdAt: new Date(0), id });

    expect(cursor).not.toContain(id);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it.each([
    "",
    "!!!",
    "bnVsbA",
    Buffer.from('[1,"x","y"]').toString("base64url"),
    Buffer.from('[2,0,"a"]').toString("base64url"),
  ])("refuse %j with BAD_USER_INPUT", (value) => {
    expect(() => decodeCursor(value)).toThrow(KuraError);
    try {
      decodeCursor(value);
    } catch (error) {
      expect((error as KuraError).extensions).toEqual({
        code: "BAD_USER_INPUT",
        reason: "invalid_cursor",
      });
    }
  });
});
