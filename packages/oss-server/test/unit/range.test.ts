import { describe, expect, it } from "vitest";
import { parseRange } from "../../src/handlers/range.js";

describe("Range header", () => {
  it("reads first-last, open-ended and suffix ranges", () => {
    expect(parseRange("bytes=0-0", 10)).toEqual({ start: 0, end: 0 });
    expect(parseRange("bytes=2-5", 10)).toEqual({ start: 2, end: 5 });
    expect(parseRange("bytes=7-", 10)).toEqual({ start: 7, end: 9 });
    expect(parseRange("bytes=-3", 10)).toEqual({ start: 7, end: 9 });
    expect(parseRange("bytes=-30", 10)).toEqual({ start: 0, end: 9 });
  });

  it("clips an end past the object", () => {
    expect(parseRange("bytes=5-100", 10)).toEqual({ start: 5, end: 9 });
  });

  it("is unsatisfiable when it starts at or past the end", () => {
    expect(parseRange("bytes=10-", 10)).toBe("unsatisfiable");
    expect(parseRange("bytes=10-20", 10)).toBe("unsatisfiable");
    expect(parseRange("bytes=-0", 10)).toBe("unsatisfiable");
    expect(parseRange("bytes=0-", 0)).toBe("unsatisfiable");
  });

  it("ignores what it does not understand, so the whole object is sent", () => {
    expect(parseRange(undefined, 10)).toBeUndefined();
    expect(parseRange("bytes=5-2", 10)).toBeUndefined();
    expect(parseRange("bytes=0-1,3-4", 10)).toBeUndefined();
    expect(parseRange("items=0-1", 10)).toBeUndefined();
  });
});
