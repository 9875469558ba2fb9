import { describe, expect, it } from "vitest";
import { decodeEntryCursor, encodeEntryCursor } from "../../src/uploads/entry-cursor.js";
import { prefixUpperBound } from "../../src/uploads/entry-queries.js";

describe("entry cursors", () => {
  it("round-trip a path with any characters", () => {
    const cursor = { path: 'dir/😀 "quoted" ソ.txt', ordinal: 15_223 };
    expect(decodeEntryCursor(encodeEntryCursor(cursor))).toEqual(cursor);
  });

  it("refuse what this server did not make", () => {
    for (const value of ["", "not base64 json", Buffer.from('[1,"a",-1]').toString("base64url")]) {
      expect(() => decodeEntryCursor(value)).toThrow(/cursor/);
    }
  });
});

describe("prefixUpperBound", () => {
  it("is the least string past every string with the prefix", () => {
    expect(prefixUpperBound("dir/")).toBe("dir0");
    expect(prefixUpperBound("a%")).toBe("a&");
    expect(prefixUpperBound("x\u{10ffff}")).toBe("y");
    expect(prefixUpperBound("\u{d7ff}")).toBe("\u{e000}");
    expect(prefixUpperBound("😀")).toBe("😁");
    expect(prefixUpperBound("\u{10ffff}")).toBeNull();
  });
});
