import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildZip, extraField, le } from "./support/builder.js";
import { inspect, rejection } from "./support/inspect.js";
import { hasCommand, python, scratch, sh } from "./support/tools.js";

const haveTools = ["zip", "python3"].every(hasCommand);
if (!haveTools) console.warn("SKIPPED: tool-made hostile archives need zip and python3 on PATH.");

/** An archive written by Python's zipfile module, which keeps whatever name it is given. */
function pythonZip(dir: string, body: string): Buffer {
  python(
    `import zipfile\nwith zipfile.ZipFile("made.zip", "w", zipfile.ZIP_DEFLATED) as z:\n${body}`,
    dir,
  );
  return readFileSync(join(dir, "made.zip"));
}

const indent = (lines: string[]) => lines.map((line) => `    ${line}`).join("\n");

describe.skipIf(!haveTools)("unsafe entries made by real tools", () => {
  it.each([
    ["../evil.txt", "path_traversal"],
    ["a/../../evil.txt", "path_traversal"],
    ["a\\..\\..\\evil.txt", "path_traversal"],
    ["/etc/passwd", "absolute_path"],
    ["\\\\server\\share.txt", "absolute_path"],
    ["C:/Windows/evil.dll", "drive_letter"],
    ["c:evil.txt", "drive_letter"],
    ["bell\x07.txt", "control_character"],
    ["del\x7f.txt", "control_character"],
  ])("refuses %j as %s, naming the entry", async (name, reason) => {
    using dir = scratch();
    // A JSON string is also a Python string literal.
    const zip = pythonZip(
      dir.path,
      indent([`z.writestr("ok.txt", "fine")`, `z.writestr(${JSON.stringify(name)}, "x")`]),
    );
    const error = await rejection(zip);
    expect([error.code, error.reason, error.entry]).toEqual(["UNSAFE_ENTRY", reason, name]);
  });

  it("refuses a symlink stored by zip -y", async () => {
    using dir = scratch();
    sh(
      "mkdir t && echo hi > t/real.txt && ln -s /etc/passwd t/link && zip -qry made.zip t",
      dir.path,
    );
    const error = await rejection(readFileSync(join(dir.path, "made.zip")));
    expect([error.code, error.reason, error.entry]).toEqual(["UNSAFE_ENTRY", "symlink", "t/link"]);
  });

  it("keeps a symlink's target when zip follows it (no -y)", async () => {
    using dir = scratch();
    sh("mkdir t && echo hi > t/real.txt && ln -s real.txt t/link && zip -qr made.zip t", dir.path);
    const summary = await inspect(readFileSync(join(dir.path, "made.zip")));
    expect(summary.entries.map((entry) => entry.path)).toContain("t/link");
  });

  it("refuses a duplicate name, also when only the separator differs", async () => {
    using dir = scratch();
    const twice = pythonZip(
      dir.path,
      indent([`z.writestr("a/b.txt", "1")`, `z.writestr("a/b.txt", "2")`]),
    );
    const error = await rejection(twice);
    expect([error.code, error.reason, error.entry]).toEqual([
      "UNSAFE_ENTRY",
      "duplicate_name",
      "a/b.txt",
    ]);

    const mixed = pythonZip(
      dir.path,
      indent([`z.writestr("a/b.txt", "1")`, `z.writestr("a\\\\b.txt", "2")`]),
    );
    expect((await rejection(mixed)).reason).toBe("duplicate_name");
  });

  it("refuses a duplicate name whether or not the names before it came in order", async () => {
    const sorted = ["a.txt", "b/", "b/c.txt", "b/d.txt", "e.txt"];
    for (const [again, expected] of [
      ["a.txt", "a.txt"], // the first, after names in order
      ["e.txt", "e.txt"], // the last one again
      ["b\\c.txt", "b\\c.txt"], // the same file, by the other separator
    ] as const) {
      const zip = buildZip({
        entries: [...sorted, again].map((name) => ({ name, data: name.endsWith("/") ? "" : name })),
      });
      const error = await rejection(zip);
      expect([error.reason, error.entry]).toEqual(["duplicate_name", expected]);
    }
    // Out of order first, then a repeat of a name from before the break.
    const unsorted = buildZip({
      entries: ["m.txt", "z.txt", "c.txt", "m.txt"].map((name) => ({ name, data: name })),
    });
    expect((await rejection(unsorted)).entry).toBe("m.txt");
    // Out of order, without a repeat: accepted.
    const summary = await inspect(
      buildZip({
        entries: ["m.txt", "z.txt", "c.txt", "a.txt"].map((name) => ({ name, data: name })),
      }),
    );
    expect(summary.entryCount).toBe(4);
  });

  it("accepts names that only look suspicious", async () => {
    using dir = scratch();
    const zip = pythonZip(
      dir.path,
      indent([
        `z.writestr("a..b/c...txt", "1")`,
        `z.writestr("..hidden", "2")`,
        `z.writestr("A/b.txt", "3")`,
        `z.writestr("a/b.txt", "4")`,
        `z.writestr("日本/ファイル 😀.txt", "5")`,
      ]),
    );
    const summary = await inspect(zip);
    expect(summary.entryCount).toBe(5);
  });
});

describe("unsafe entries no tool will write", () => {
  it("refuses a NUL in a name", async () => {
    const zip = buildZip({ entries: [{ name: Buffer.from("a\0.txt"), data: "x" }] });
    const error = await rejection(zip);
    expect([error.code, error.reason, error.entry]).toEqual([
      "UNSAFE_ENTRY",
      "control_character",
      "a\0.txt",
    ]);
  });

  it("refuses a symlink recorded by a macOS host", async () => {
    const zip = buildZip({
      entries: [
        { name: "l", data: "target", madeBy: 0x1314, externalAttributes: 0o120755 * 0x10000 },
      ],
    });
    const error = await rejection(zip);
    expect([error.code, error.reason, error.entry]).toEqual(["UNSAFE_ENTRY", "symlink", "l"]);
  });

  it("reads the mode bits of DOS hosts as nothing", async () => {
    const zip = buildZip({
      entries: [{ name: "l", data: "x", madeBy: 0x0014, externalAttributes: 0o120755 * 0x10000 }],
    });
    expect((await inspect(zip)).entryCount).toBe(1);
  });
});

describe("encrypted entries", () => {
  it.skipIf(!hasCommand("zip"))(
    "refuses ZipCrypto from zip -P before inflating anything",
    async () => {
      using dir = scratch();
      sh("echo secret > s.txt && zip -q -P hunter2 made.zip s.txt", dir.path);
      const error = await rejection(readFileSync(join(dir.path, "made.zip")));
      expect([error.code, error.reason, error.entry]).toEqual([
        "ENCRYPTED_ENTRY",
        "zipcrypto",
        "s.txt",
      ]);
    },
  );

  it("refuses AES (method 99) and strong encryption", async () => {
    // WinZip's AES extra field: version 2, vendor "AE", strength 3, real method 8.
    const aesField = extraField(
      0x9901,
      Buffer.concat([le(2, 2), Buffer.from("AE"), Buffer.of(3), le(2, 8)]),
    );
    const aes = buildZip({
      entries: [
        {
          name: "a.bin",
          data: "x",
          method: 99,
          compressed: Buffer.alloc(40, 1),
          flags: 1,
          extra: aesField,
        },
      ],
    });
    const error = await rejection(aes);
    expect([error.code, error.reason, error.entry]).toEqual(["ENCRYPTED_ENTRY", "aes", "a.bin"]);

    const strong = buildZip({ entries: [{ name: "s.bin", data: "x", method: 0, flags: 0x41 }] });
    expect((await rejection(strong)).reason).toBe("strong_encryption");
  });
});

describe("zip bombs", () => {
  it.skipIf(!hasCommand("zip"))(
    "refuses an entry over the ratio limit (zip of 20 MB of zeros)",
    async () => {
      using dir = scratch();
      sh("head -c 20000000 /dev/zero > zeros.bin && zip -q made.zip zeros.bin", dir.path);
      const bytes = readFileSync(join(dir.path, "made.zip"));
      for (const verify of ["full", "structure"] as const) {
        const error = await rejection(bytes, 64 * 1024, { verify });
        expect([error.code, error.reason, error.entry]).toEqual([
          "ZIP_BOMB",
          "entry_ratio",
          "zeros.bin",
        ]);
      }
      // A higher limit lets the same archive through.
      const summary = await inspect(bytes, 64 * 1024, { limits: { maxCompressionRatio: 2000 } });
      expect(summary.uncompressedSize).toBe(20_000_000);
    },
  );

  it("refuses an entry whose ratio only shows as it inflates (data descriptor)", async () => {
    const zeros = Buffer.alloc(5_000_000);
    const zip = buildZip({ entries: [{ name: "z", data: zeros, descriptor: "signed" }] });
    const error = await rejection(zip);
    expect([error.code, error.reason, error.entry]).toEqual(["ZIP_BOMB", "entry_ratio", "z"]);
  });

  it.skipIf(!hasCommand("python3"))(
    "refuses an archive whose entries pass alone but not together",
    async () => {
      using dir = scratch();
      const zip = pythonZip(
        dir.path,
        indent(["for i in range(40):", `    z.writestr(f"part{i}.bin", bytes(60000))`]),
      );
      const limits = { compressionRatioFloor: 64 * 1024 };
      const error = await rejection(zip, 64 * 1024, { limits });
      expect([error.code, error.reason]).toEqual(["ZIP_BOMB", "archive_ratio"]);
      const relaxed = { ...limits, maxCompressionRatio: 5000 };
      expect((await inspect(zip, 64 * 1024, { limits: relaxed })).entryCount).toBe(40);
    },
  );

  it("refuses overlapping entries: two records for one local header", async () => {
    const zip = buildZip({
      entries: [
        { name: "a.txt", data: "hello" },
        { name: "a.txt", data: "hello", centralOnly: true, centralOffset: 0 },
      ],
    });
    const error = await rejection(zip);
    expect([error.code, error.reason]).toEqual(["ZIP_BOMB", "overlapping_entries"]);
  });

  it("refuses overlapping entries: a record that points into another entry's data", async () => {
    const inner = buildZip({ entries: [{ name: "b.txt", data: "inner", method: 0 }] });
    const innerLocal = inner.subarray(0, inner.indexOf(Buffer.of(0x50, 0x4b, 1, 2)));
    const zip = buildZip({
      entries: [
        { name: "a.bin", data: innerLocal, method: 0 },
        { name: "b.txt", data: "inner", method: 0, centralOnly: true, centralOffset: 30 + 5 },
      ],
    });
    const error = await rejection(zip);
    expect([error.code, error.reason, error.entry]).toEqual([
      "ZIP_BOMB",
      "overlapping_entries",
      "b.txt",
    ]);
  });

  it("cuts off an entry that inflates past its declared size", async () => {
    // Declares 1,000 bytes, holds 50 MB of zeros: inflation stops at byte 1,001.
    const zip = buildZip({
      entries: [{ name: "liar", data: Buffer.alloc(50_000_000), declaredSize: 1000 }],
    });
    const limits = { maxCompressionRatio: 1_000_000 };
    const error = await rejection(zip, 64 * 1024, { limits });
    expect([error.code, error.reason, error.entry]).toEqual(["ZIP_BOMB", "size_mismatch", "liar"]);
  });

  it("refuses an entry that inflates short of its declared size", async () => {
    const zip = buildZip({ entries: [{ name: "short", data: "abc", declaredSize: 10 }] });
    const error = await rejection(zip);
    expect([error.code, error.reason, error.entry]).toEqual(["ZIP_BOMB", "size_mismatch", "short"]);
  });
});

describe("limits", () => {
  it.skipIf(!hasCommand("python3"))("refuses more entries than maxEntries", async () => {
    using dir = scratch();
    const zip = pythonZip(
      dir.path,
      indent(["for i in range(11):", `    z.writestr(f"{i}.txt", "x")`]),
    );
    const error = await rejection(zip, 64 * 1024, { limits: { maxEntries: 10 } });
    expect([error.code, error.reason, error.limit, error.entry]).toEqual([
      "LIMIT_EXCEEDED",
      "max_entries",
      "maxEntries",
      "10.txt",
    ]);
    expect((await inspect(zip, 64 * 1024, { limits: { maxEntries: 11 } })).entryCount).toBe(11);
  });

  it("refuses more uncompressed bytes than maxTotalUncompressedSize, declared or inflated", async () => {
    const sized = buildZip({
      entries: [
        { name: "a", data: "x".repeat(600) },
        { name: "b", data: "y".repeat(600) },
      ],
    });
    const streamed = buildZip({
      entries: [
        { name: "a", data: "x".repeat(600), descriptor: "signed" },
        { name: "b", data: "y".repeat(600), descriptor: "unsigned" },
      ],
    });
    for (const zip of [sized, streamed]) {
      const error = await rejection(zip, 7, { limits: { maxTotalUncompressedSize: 1000 } });
      expect([error.code, error.limit, error.entry]).toEqual([
        "LIMIT_EXCEEDED",
        "maxTotalUncompressedSize",
        "b",
      ]);
    }
  });

  it.skipIf(!hasCommand("python3"))(
    "refuses a name longer than maxNameLength code points",
    async () => {
      using dir = scratch();
      const zip = pythonZip(dir.path, indent([`z.writestr("d/" + "😀" * 511, "x")`]));
      const error = await rejection(zip);
      expect([error.code, error.reason, error.limit]).toEqual([
        "LIMIT_EXCEEDED",
        "max_name_length",
        "maxNameLength",
      ]);
      // 510 emoji and "d/" are 512 code points (1,022 UTF-16 units): within the default.
      const fits = pythonZip(dir.path, indent([`z.writestr("d/" + "😀" * 510, "x")`]));
      expect((await inspect(fits)).entries[0]?.path).toBe(`d/${"😀".repeat(510)}`);
    },
  );
});
