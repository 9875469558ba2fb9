import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { humanBytes, table } from "../../src/format.js";
import { progressReporter, renderBar } from "../../src/progress.js";

function fakeStderr(isTTY: boolean) {
  const stream = Object.assign(new PassThrough(), { isTTY });
  let text = "";
  stream.on("data", (chunk: Buffer) => {
    text += chunk.toString("utf8");
  });
  return { stream, text: () => text };
}

describe("progress", () => {
  it("draws a bar with the share sent", () => {
    expect(renderBar("a.zip", { loaded: 500, total: 1000 })).toBe(
      `[${"#".repeat(15)}${".".repeat(15)}]  50%  500 B / 1.0 kB  a.zip`,
    );
    expect(renderBar("s.zip", { loaded: 2_500_000, total: undefined })).toBe("2.5 MB  s.zip");
  });

  it("redraws in place on a terminal and clears the line at the end", async () => {
    const stderr = fakeStderr(true);
    const reporter = progressReporter(
      { stdout: new PassThrough(), stderr: stderr.stream, env: {} },
      "a.zip",
    );

    reporter.update({ loaded: 0, total: 10 });
    reporter.update({ loaded: 10, total: 10 });
    reporter.done();
    await new Promise((resolve) => setImmediate(resolve));

    expect(stderr.text()).toContain("\r[");
    expect(stderr.text()).toContain("100%");
    expect(stderr.text().endsWith("\r\u001b[K")).toBe(true);
    expect(stderr.text()).not.toContain("\n");
  });

  it("writes a plain line per quarter elsewhere", async () => {
    const stderr = fakeStderr(false);
    const reporter = progressReporter(
      { stdout: new PassThrough(), stderr: stderr.stream, env: {} },
      "a.zip",
    );

    for (let loaded = 0; loaded <= 100; loaded += 5) reporter.update({ loaded, total: 100 });
    reporter.done();
    await new Promise((resolve) => setImmediate(resolve));

    expect(stderr.text().trim().split("\n")).toEqual([
      "a.zip: 0% of 100 B",
      "a.zip: 25% of 100 B",
      "a.zip: 50% of 100 B",
      "a.zip: 75% of 100 B",
      "a.zip: 100% of 100 B",
    ]);
  });
});

describe("format", () => {
  it("prints sizes as du --si does", () => {
    expect(humanBytes(999)).toBe("999 B");
    expect(humanBytes(53_123_456)).toBe("53.1 MB");
  });

  it("aligns a table's columns", () => {
    expect(
      table(
        ["A", "NAME"],
        [
          ["long-id", "x"],
          ["i", "yy"],
        ],
      ),
    ).toBe("A        NAME\nlong-id  x\ni        yy");
  });
});
