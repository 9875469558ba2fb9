import { describe, expect, it } from "vitest";
import { decodeCp437 } from "../src/names.js";
import { buildZip, unicodePathField } from "./support/builder.js";
import { inspect } from "./support/inspect.js";
import { hasCommand, python } from "./support/tools.js";

// CP932 bytes of a few names, written out so the test does not depend on an encoder.
function cp932(text: string): Uint8Array {
  const table: Record<string, number[]> = {
    "日本語.txt": [0x93, 0xfa, 0x96, 0x7b, 0x8c, 0xea, 0x2e, 0x74, 0x78, 0x74],
    "あ/": [0x82, 0xa0, 0x2f],
    // Second bytes of 0x5C, the ASCII backslash: a byte-level check would see a separator here.
    "ソ.txt": [0x83, 0x5c, 0x2e, 0x74, 0x78, 0x74],
    "表/十.txt": [0x95, 0x5c, 0x2f, 0x8f, 0x5c, 0x2e, 0x74, 0x78, 0x74],
  };
  return Uint8Array.from(table[text] ?? []);
}

async function pathsOf(entries: Parameters<typeof buildZip>[0]["entries"]) {
  const summary = await inspect(buildZip({ entries }));
  return summary.entries.map((entry) => entry.path);
}

describe("entry names", () => {
  it("reads flagged UTF-8, unflagged UTF-8, CP932 and CP437 names", async () => {
    const paths = await pathsOf([
      { name: "flagged-é.txt", flags: 0x0800, data: "a" },
      { name: "unflagged-名前.txt", data: "b" },
      { name: cp932("日本語.txt"), data: "c" },
      { name: cp932("あ/"), data: "", method: 0 },
      // 0x82 is no UTF-8 start byte and, last, a CP932 lead byte with nothing after it.
      { name: Uint8Array.from([0x63, 0x61, 0x66, 0x82]), data: "d" },
    ]);
    expect(paths).toEqual(["flagged-é.txt", "unflagged-名前.txt", "日本語.txt", "あ/", "café"]);
  });

  it("decodes CP932 names whose second byte is 0x5C, and passes them as safe", async () => {
    const paths = await pathsOf([
      { name: cp932("ソ.txt"), data: "a" },
      { name: cp932("表/十.txt"), data: "b" },
    ]);
    expect(paths).toEqual(["ソ.txt", "表/十.txt"]);
  });

  it("prefers a current Unicode Path field and ignores a stale one", async () => {
    const raw = Uint8Array.from([0x63, 0x61, 0x66, 0x82]);
    const paths = await pathsOf([
      { name: raw, extra: unicodePathField("from-extra-名.txt", raw), data: "a" },
      { name: raw, extra: unicodePathField("stale.txt", raw, 12345), data: "b" },
    ]);
    expect(paths).toEqual(["from-extra-名.txt", "café"]);
  });

  it.skipIf(!hasCommand("python3"))("decodes all of CP437 as Python's codec does", () => {
    const all = Uint8Array.from({ length: 256 }, (_, byte) => byte);
    const expected = python(
      "import sys; sys.stdout.buffer.write(bytes(range(256)).decode('cp437').encode('utf-8'))",
      ".",
    ).toString("utf8");
    expect(decodeCp437(all)).toBe(expected);
  });
});
