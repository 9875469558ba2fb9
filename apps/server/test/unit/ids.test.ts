import { describe, expect, it } from "vitest";
import { isUuid, objectKeyFor, uuidv7 } from "../../src/uploads/ids.js";

describe("uuidv7", () => {
  it("makes RFC 9562 version 7 ids that carry their time", () => {
    const now = Date.UTC(2026, 11, 4, 9, 30);
    const id = uuidv7(now);

    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(id.replaceAll("-", "").slice(0, 12), 16)).toBe(now);
    expect(isUuid(id)).toBe(true);
  });

  it("sorts by creation time and never repeats", () => {
    const ids = Array.from({ length: 1000 }, (_, i) => uuidv7(1_700_000_000_000 + i));

    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("objectKeyFor", () => {
  it("builds keys from the id and day only", () => {
    const id = uuidv7();

    expect(objectKeyFor(id, new Date("2026-01-02T23:59:59Z"))).toBe(`uploads/2026/01/02/${id}.zip`);
  });
});
