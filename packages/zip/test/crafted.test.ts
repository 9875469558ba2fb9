import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { ZipSummary } from "../dist/index.js";
import { ZipInspector } from "../dist/index.js";
import { buildZip, le, unicodePathField } from "./support/builder.js";
import { CHUNK_SIZES, inspect, rejection } from "./support/inspect.js";

const text = "The quick brown fox jumps over the lazy dog. ".repeat(200);

describe("archives built byte by byte", () => {
  it.each(CHUNK_SIZES)("reads deflated and stored entries in %i-byte chunks", async (chunk) => {
    const zip = buildZip({
      entries: [
        { name: "docs/", data: "", method: 0 },
        { name: "docs/a.txt", data: text },
        { name: "b.bin", data: randomBytes(3000), method: 0 },
      ],
      comment: "made by hand",
    });
    const summary = await inspect(zip, chunk);
    expect(summary.entryCount).toBe(3);
    expect(summary.entries.map((entry) => entry.path)).toEqual(["docs/", "docs/a.txt", "b.bin"]);
    expect(summary.entries[0]?.isDirectory).toBe(true);
    expect(summary.uncompressedSize).toBe(text.length + 3000);
    expect(summary.comment).toBe("made by hand");
    expect(summary.verified).toBe(true);
    expect(summary.prefixBytes).toBe(0);
  });

  it.each(CHUNK_SIZES)(
    "follows data descriptors with and without signature (%i)",
    async (chunk) => {
      const zip = buildZip({
        entries: [
          { name: "signed.txt", data: text, descriptor: "signed" },
          { name: "unsigned.txt", data: text.slice(7), descriptor: "unsigned" },
          { name: "wide.txt", data: text.slice(9), descriptor: "signed", zip64: true },
          { name: "stored.txt", data: text, method: 0, descriptor: "signed" },
          { name: "stored-bare.txt", data: text.slice(3), method: 0, descriptor: "unsigned" },
          {
            name: "stored-wide.txt",
            data: text.slice(5),
            method: 0,
            descriptor: "unsigned",
            zip64: true,
          },
        ],
      });
      for (const verify of ["full", "structure"] as const) {
        const summary = await inspect(zip, chunk, { verify });
        expect(summary.entries.map((entry) => [entry.path, entry.size])).toEqual([
          ["signed.txt", text.length],
          ["unsigned.txt", text.length - 7],
          ["wide.txt", text.length - 9],
          ["stored.txt", text.length],
          ["stored-bare.txt", text.length - 3],
          ["stored-wide.txt", text.length - 5],
        ]);
        expect(summary.zip64).toBe(true);
        expect(summary.verified).toBe(verify === "full");
      }
    },
  );

  it("does not take a header inside stored streamed data for the end of that data", async () => {
    // A stored entry whose bytes hold a whole ZIP, descriptor-like words and all.
    const inner = buildZip({
      entries: [
        { name: "x", data: "abc", method: 0, descriptor: "signed" },
        { name: "y", data: "defg", method: 0, descriptor: "unsigned" },
      ],
    });
    const zip = buildZip({
      entries: [
        { name: "inner.zip", data: inner, method: 0, descriptor: "unsigned" },
        { name: "after.txt", data: "after", descriptor: "signed" },
      ],
    });
    for (const chunk of CHUNK_SIZES) {
      const summary = await inspect(zip, chunk);
      expect(summary.entries.map((entry) => [entry.path, entry.size])).toEqual([
        ["inner.zip", inner.byteLength],
        ["after.txt", 5],
      ]);
    }
  });

  it("counts entries of methods it cannot inflate, unverified", async () => {
    const zip = buildZip({
      entries: [
        { name: "a.bz2", data: "whatever", method: 12, compressed: randomBytes(40) },
        {
          name: "b.xz",
          data: "whatever",
          method: 95,
          compressed: randomBytes(50),
          descriptor: "signed",
        },
        { name: "c.txt", data: "plain" },
      ],
    });
    const summary = await inspect(zip, 7);
    expect(summary.entries.map((entry) => [entry.method, entry.verified])).toEqual([
      [12, false],
      [95, false],
      [8, true],
    ]);
    expect(summary.verified).toBe(false);
  });

  it("is not confused by an end-record signature inside the comment", async () => {
    const comment = Buffer.concat([
      Buffer.from("before "),
      Buffer.of(0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 1, 0, 1, 0),
      Buffer.from(" after"),
    ]);
    const zip = buildZip({ entries: [{ name: "a.txt", data: text }], comment });
    for (const chunk of CHUNK_SIZES) {
      const summary = await inspect(zip, chunk);
      expect(summary.entryCount).toBe(1);
      expect(Buffer.from(summary.comment, "latin1").subarray(7, 11)).toEqual(
        comment.subarray(7, 11),
      );
      expect(summary.comment.endsWith(" after")).toBe(true);
    }
  });

  it("reads a ZIP64 end record and locator", async () => {
    const zip = buildZip({ entries: [{ name: "a.txt", data: text, zip64: true }], zip64End: true });
    const summary = await inspect(zip, 7);
    expect(summary.zip64).toBe(true);
    expect(summary.entries[0]?.size).toBe(text.length);
  });

  it("reports the DOS modification time as UTC and marks Finder litter", async () => {
    // 2024-02-29 13:45:58 in DOS form.
    const dosDate = ((2024 - 1980) << 9) | (2 << 5) | 29;
    const dosTime = (13 << 11) | (45 << 5) | 29;
    const zip = buildZip({
      entries: [
        { name: "a.txt", data: "a", dosDate, dosTime },
        { name: "__MACOSX/._a.txt", data: "x" },
        { name: "sub/.DS_Store", data: "x" },
        { name: "sub/DS_Store.txt", data: "x", dosDate: 0, dosTime: 0 },
      ],
    });
    const summary = await inspect(zip);
    expect(summary.entries[0]?.modifiedAt?.toISOString()).toBe("2024-02-29T13:45:58.000Z");
    expect(summary.entries[3]?.modifiedAt).toBeNull();
    expect(summary.entries.map((entry) => entry.isMetadata)).toEqual([false, true, true, false]);
  });
});

describe("the listing", () => {
  // 2024-02-29 13:45:58 in DOS form, and two other times as extended timestamps.
  const dosDate = ((2024 - 1980) << 9) | (2 << 5) | 29;
  const dosTime = (13 << 11) | (45 << 5) | 29;
  const timestamp = (seconds: number) =>
    Buffer.concat([Buffer.of(0x55, 0x54, 5, 0, 1), le(4, seconds)]);
  const entries = [
    { name: "plain.txt", data: "p", dosDate, dosTime },
    // A time in the local header only: the listing takes the directory's (DOS) time.
    { name: "local-time.txt", data: "l", localExtra: timestamp(1_600_000_000) },
    { name: "central-time.txt", data: "c", centralExtra: timestamp(1_700_000_000) },
    {
      name: "renamed.txt",
      data: "r",
      centralExtra: unicodePathField("名前.txt", Buffer.from("renamed.txt")),
    },
    { name: "dir/", data: "", method: 0 },
  ];
  const expected = [
    ["plain.txt", "2024-02-29T13:45:58.000Z", false],
    ["local-time.txt", "1980-01-01T00:00:00.000Z", false],
    ["central-time.txt", "2023-11-14T22:13:20.000Z", false],
    ["名前.txt", "1980-01-01T00:00:00.000Z", false],
    ["dir/", "1980-01-01T00:00:00.000Z", true],
  ];
  const listingOf = (summary: ZipSummary) =>
    summary.entries.map((entry) => [
      entry.path,
      entry.modifiedAt?.toISOString(),
      entry.isDirectory,
    ]);

  it.each(CHUNK_SIZES)("takes names and times from the central directory (%i)", async (chunk) => {
    const summary = await inspect(buildZip({ entries }), chunk);
    expect(listingOf(summary)).toEqual(expected);
    expect(summary.uncompressedSize).toBe(4);
  });

  it("judges name clashes among the entries the directory lists, not the ones it leaves out", async () => {
    // The only record renames a.txt to b.txt, the name of a local entry it does not list.
    const zip = buildZip({
      entries: [
        { name: "a.txt", data: "a", centralExtra: unicodePathField("b.txt", Buffer.from("a.txt")) },
        { name: "b.txt", data: "b" },
      ],
      centralOrder: [0],
    });
    for (const chunk of CHUNK_SIZES) {
      const error = await rejection(zip, chunk);
      expect([error.code, error.reason]).toEqual(["INVALID_ZIP", "directory_mismatch"]);
    }
  });

  it("keeps thousands of lines in order when the directory leaves the local order late", async () => {
    const many = Array.from({ length: 2600 }, (_, index) => ({ name: `f/${index}`, data: "" }));
    const order = many.map((_, index) => index);
    [order[1500], order[1501]] = [1501, 1500];
    const summary = await inspect(buildZip({ entries: many, centralOrder: order }));
    expect(summary.entries.map((entry) => entry.path)).toEqual(order.map((index) => `f/${index}`));
  });

  it.each(CHUNK_SIZES)("lists entries in the central directory's order (%i)", async (chunk) => {
    for (const order of [
      [3, 0, 4, 2, 1],
      [0, 1, 2, 4, 3],
    ]) {
      const summary = await inspect(buildZip({ entries, centralOrder: order }), chunk);
      expect(listingOf(summary)).toEqual(order.map((index) => expected[index]));
      expect([summary.entryCount, summary.uncompressedSize]).toEqual([5, 4]);
    }
  });
});

describe("rejections", () => {
  const good = buildZip({
    entries: [
      { name: "a.txt", data: text },
      { name: "b.txt", data: text, descriptor: "signed" },
      { name: "c.txt", data: "stored", method: 0 },
    ],
    comment: "the end",
  });

  it("rejects an empty file", async () => {
    const error = await rejection(new Uint8Array(0));
    expect([error.code, error.reason]).toEqual(["INVALID_ZIP", "empty_file"]);
  });

  it("rejects a non-ZIP while it is still being written, before end()", async () => {
    const inspector = new ZipInspector();
    const garbage = Buffer.alloc(64 * 1024, "%PDF-1.7 not a zip at all ");
    let written = 0;
    let error: unknown = null;
    // The worker sees the bytes a little after they are written; the refusal must still come
    // long before a large upload ends: within the inspector's 1 MiB of buffer and a chunk.
    while (error === null && written < 64 * 1024 * 1024) {
      error = await inspector.write(garbage).then(
        () => null,
        (caught: unknown) => caught,
      );
      written += garbage.byteLength;
    }
    expect(error).toMatchObject({ code: "INVALID_ZIP", reason: "not_zip" });
    expect(written).toBeLessThanOrEqual(2 * 1024 * 1024);
    await expect(inspector.end()).rejects.toMatchObject({ reason: "not_zip" });
  });

  it("rejects an archive with no entries", async () => {
    const error = await rejection(buildZip({ entries: [] }));
    expect(error.code).toBe("EMPTY_ARCHIVE");
  });

  it("rejects every truncation of a good archive", async () => {
    // Every strict prefix: those too short for a signature are not ZIPs, the rest are cut short.
    for (let length = 1; length < good.byteLength; length++) {
      const error = await rejection(good.subarray(0, length), 64 * 1024);
      expect([error.code, error.reason, length]).toEqual([
        "INVALID_ZIP",
        length < 4 ? "not_zip" : "truncated",
        length,
      ]);
    }
  });

  it.each(CHUNK_SIZES)("rejects bytes after the end record (%i)", async (chunk) => {
    const error = await rejection(Buffer.concat([good, Buffer.from("x")]), chunk);
    expect(error.reason).toBe("trailing_data");
  });

  it("rejects a wrong CRC in full mode and lets structure mode pass it unverified", async () => {
    const stored = buildZip({ entries: [{ name: "s.txt", data: "stored", method: 0, crc: 1 }] });
    const deflated = buildZip({ entries: [{ name: "d.txt", data: text, crc: 1 }] });
    const streamed = buildZip({
      entries: [{ name: "t.txt", data: text, crc: 1, descriptor: "signed" }],
    });
    for (const zip of [stored, deflated, streamed]) {
      const error = await rejection(zip);
      expect([error.code, error.reason]).toEqual(["INVALID_ZIP", "crc_mismatch"]);
      expect(error.entry).toMatch(/\.txt$/);
      const summary = await inspect(zip, 64 * 1024, { verify: "structure" });
      expect(summary.verified).toBe(false);
    }
  });

  it("rejects corrupt deflate data", async () => {
    const zip = buildZip({
      entries: [{ name: "bad.txt", data: text, compressed: randomBytes(200) }],
    });
    const error = await rejection(zip);
    expect(error.code).toBe("INVALID_ZIP");
    expect(["corrupt", "size_mismatch", "crc_mismatch"]).toContain(error.reason);
  });

  it("rejects garbage between entries", async () => {
    const one = buildZip({ entries: [{ name: "a.txt", data: "a" }] });
    const split = one.indexOf(Buffer.of(0x50, 0x4b, 1, 2));
    const zip = Buffer.concat([one.subarray(0, split), Buffer.from("junk"), one.subarray(split)]);
    const error = await rejection(zip);
    expect(error.reason).toBe("bad_signature");
  });

  it("rejects a central directory that disagrees with the local headers", async () => {
    const renamed = buildZip({ entries: [{ name: "a.txt", data: "a", centralName: "b.txt" }] });
    expect(await rejection(renamed)).toMatchObject({
      code: "INVALID_ZIP",
      reason: "directory_mismatch",
      entry: "b.txt",
    });
    const bytes = buildZip({ entries: [{ name: "a.txt", data: "a", method: 0 }] });
    const central = bytes.lastIndexOf(Buffer.of(0x50, 0x4b, 1, 2));
    // The same archive with one field of its central record changed at a time.
    for (const [field, offset] of [
      ["method", 10],
      ["crc", 16],
      ["size", 24],
    ] as const) {
      const changed = Buffer.from(bytes);
      changed[central + offset] = (changed[central + offset] as number) ^ 1;
      const error = await rejection(changed);
      expect([field, error.reason, error.entry]).toEqual([field, "directory_mismatch", "a.txt"]);
    }
    const miscounted = buildZip({ entries: [{ name: "a.txt", data: "a" }], endCount: 2 });
    expect((await rejection(miscounted)).reason).toBe("corrupt");
  });

  it("checks each record of a long directory, with or without extra fields", async () => {
    const names = ["one.txt", "two/", "two/three.txt", "four.txt", "five.txt"];
    const timestamp = Buffer.concat([Buffer.of(0x55, 0x54, 5, 0, 1), Buffer.alloc(4)]);
    timestamp.writeUInt32LE(1_700_000_000, 5);
    // Records with and without an extra field, so that both ways of reading a record list.
    const spec = names.map((name, index) => ({
      name,
      data: name.endsWith("/") ? "" : text.slice(index),
      ...(index % 2 === 1 ? { extra: timestamp } : {}),
    }));
    const bytes = buildZip({ entries: spec });
    const summary = await inspect(bytes);
    expect(summary.entries.map((entry) => [entry.path, entry.size, entry.isDirectory])).toEqual(
      names.map((name, index) => [name, spec[index]?.data.length, name.endsWith("/")]),
    );
    expect(summary.entries[1]?.modifiedAt?.getTime()).toBe(1_700_000_000_000);
    expect(summary.entries[2]?.modifiedAt?.getTime()).not.toBe(1_700_000_000_000);

    // The record of "two/three.txt" changed one field at a time, in the middle of the directory.
    let central = bytes.indexOf(Buffer.of(0x50, 0x4b, 1, 2));
    for (let index = 0; index < 2; index++) {
      central = bytes.indexOf(Buffer.of(0x50, 0x4b, 1, 2), central + 4);
    }
    const nameEnd = central + 46 + "two/three.txt".length - 1;
    for (const [field, offset, change, reason, entry] of [
      ["method", 10, 1, "directory_mismatch", "two/three.txt"],
      ["crc", 16, 1, "directory_mismatch", "two/three.txt"],
      ["compressed size", 20, 1, "directory_mismatch", "two/three.txt"],
      ["size", 24, 1, "directory_mismatch", "two/three.txt"],
      // Names are compared four bytes at a time, then byte by byte: a change in each part.
      ["first name byte", 46, 1, "directory_mismatch", "uwo/three.txt"],
      ["sixth name byte", 46 + 5, 1, "directory_mismatch", "two/tiree.txt"],
      ["last name byte", nameEnd - central, 1, "directory_mismatch", "two/three.txu"],
      ["disk", 34, 1, "multi_disk", "two/three.txt"],
      ["link mode", 41, 0xa0, "symlink", "two/three.txt"],
    ] as const) {
      const changed = Buffer.from(bytes);
      if (field === "link mode") changed[central + 5] = 3; // made on Unix
      changed[central + offset] = (changed[central + offset] as number) ^ change;
      const error = await rejection(changed);
      expect([field, error.reason, error.entry]).toEqual([field, reason, entry]);
    }
  });

  it("refuses encrypted entries", async () => {
    const zip = buildZip({ entries: [{ name: "secret.txt", data: "x", method: 0, flags: 1 }] });
    const error = await rejection(zip);
    expect([error.code, error.entry]).toEqual(["ENCRYPTED_ENTRY", "secret.txt"]);
  });
});

describe("leading bytes", () => {
  const zip = buildZip({ entries: [{ name: "a.txt", data: text }] });

  it.each(CHUNK_SIZES)(
    "accepts a self-extractor stub and reports its length (%i)",
    async (chunk) => {
      // A stub whose code happens to hold the local-header signature, as real ones can.
      const stub = Buffer.concat([
        Buffer.from("MZ"),
        randomBytes(100).fill(0x20),
        Buffer.of(0x50, 0x4b, 0x03, 0x04, 0xff, 0xff),
        Buffer.alloc(100),
      ]);
      const summary = await inspect(Buffer.concat([stub, zip]), chunk);
      // Offsets were not adjusted, so they count from the archive, not the file.
      expect(summary.prefixBytes).toBe(stub.byteLength);
      expect(summary.entryCount).toBe(1);
    },
  );

  it("gives up on a stub longer than maxPrefixBytes", async () => {
    const stub = Buffer.concat([Buffer.from("#!/bin/sh\n"), Buffer.alloc(5000, 0x23)]);
    const error = await rejection(Buffer.concat([stub, zip]), 1024, {
      limits: { maxPrefixBytes: 4096 },
    });
    expect(error.reason).toBe("not_zip");
    const summary = await inspect(Buffer.concat([stub, zip]), 1024, {
      limits: { maxPrefixBytes: 8192 },
    });
    expect(summary.prefixBytes).toBe(stub.byteLength);
  });
});
