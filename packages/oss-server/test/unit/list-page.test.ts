import { describe, expect, it } from "vitest";
import { decodeToken, encodeToken } from "../../src/handlers/list-objects.js";
import { listPage } from "../../src/handlers/list-page.js";
import { compareKeys } from "../../src/store/object-store.js";

const items = ["a", "b/1", "b/2", "c", "d/x/1", "é", "😀"].map((key) => ({ key }));
const base = { prefix: "", delimiter: "", after: "", afterIsPrefix: false, maxKeys: 100 };

describe("list paging", () => {
  it("sorts keys in UTF-8 byte order, as OSS does", () => {
    // UTF-16 order would put U+FFFD-range BMP characters after emoji surrogates; bytes do not.
    expect(["😀", "\uffee", "é"].sort(compareKeys)).toEqual(["é", "\uffee", "😀"]);
  });

  it("filters by prefix and rolls up by delimiter", () => {
    const page = listPage(items, { ...base, delimiter: "/" });

    expect(page.contents.map((i) => i.key)).toEqual(["a", "c", "é", "😀"]);
    expect(page.commonPrefixes).toEqual(["b/", "d/"]);
  });

  it("counts contents and common prefixes against maxKeys and resumes after the last", () => {
    const first = listPage(items, { ...base, delimiter: "/", maxKeys: 2 });
    const rest = listPage(items, {
      ...base,
      delimiter: "/",
      after: first.last?.value ?? "",
      afterIsPrefix: first.last?.isPrefix ?? false,
    });

    expect(first.contents.map((i) => i.key)).toEqual(["a"]);
    expect(first.commonPrefixes).toEqual(["b/"]);
    expect(first.truncated).toBe(true);
    expect(rest.contents.map((i) => i.key)).toEqual(["c", "é", "😀"]);
    expect(rest.commonPrefixes).toEqual(["d/"]);
    expect(rest.truncated).toBe(false);
  });

  it("is not truncated when the page ends exactly at the last key", () => {
    expect(listPage(items, { ...base, maxKeys: items.length }).truncated).toBe(false);
  });

  it("round-trips continuation tokens and refuses foreign ones", () => {
    expect(decodeToken(encodeToken({ value: "日本/", isPrefix: true }))).toEqual({
      value: "日本/",
      isPrefix: true,
    });
    expect(() => decodeToken("bm9wZQ")).toThrow(/continuation token/);
  });
});
