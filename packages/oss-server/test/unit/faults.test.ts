import { describe, expect, it } from "vitest";
import { Faults } from "../../src/faults/faults.js";

describe("fault rules", () => {
  it("fires every time without nth, only for its operation", () => {
    const faults = new Faults();
    faults.add({ operation: "PutObject", action: { type: "refuse" } });

    expect(faults.match("PutObject")).toEqual([{ type: "refuse" }]);
    expect(faults.match("PutObject")).toEqual([{ type: "refuse" }]);
    expect(faults.match("GetObject")).toEqual([]);
  });

  it("fires on the nth match only, or for `times` matches from there", () => {
    const faults = new Faults();
    const once = faults.add({ operation: "UploadPart", nth: 2, action: { type: "wrongCrc" } });
    const twice = faults.add({
      operation: "UploadPart",
      nth: 3,
      times: 2,
      action: { type: "delay", ms: 1 },
    });

    const fired = [1, 2, 3, 4, 5].map(() => faults.match("UploadPart").map((a) => a.type));

    expect(fired).toEqual([[], ["wrongCrc"], ["delay"], ["delay"], []]);
    expect(once.seen).toBe(5);
    expect(once.fired).toBe(1);
    expect(twice.fired).toBe(2);
  });

  it("matches every operation with *, and stops after remove() or clear()", () => {
    const faults = new Faults();
    const rule = faults.add({ operation: "*", action: { type: "wrongCrc" } });
    faults.add({ operation: "GetObject", action: { type: "refuse" } });

    expect(faults.match("GetObject")).toHaveLength(2);
    rule.remove();
    expect(faults.match("GetObject")).toHaveLength(1);
    faults.clear();
    expect(faults.match("GetObject")).toEqual([]);
  });

  it("refuses rules that cannot mean anything", () => {
    const faults = new Faults();

    expect(() =>
      faults.add({ operation: "PutObject", nth: 0, action: { type: "refuse" } }),
    ).toThrow(RangeError);
    expect(() =>
      faults.add({ operation: "PutObject", action: { type: "error", status: 404 } }),
    ).toThrow(/5xx/);
  });
});
