import { crc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { ZipInspector } from "../dist/index.js";
import { extraField, le } from "./support/builder.js";

const ZEROS = Buffer.alloc(64 * 1024 * 1024);
// Past 4 GiB, so sizes and the next entry's offset only fit in ZIP64 fields.
const BIG = 4 * 1024 * 1024 * 1024 + 1024 * 1024;

function zerosCrc(length: number): number {
  let crc = 0;
  for (let left = length; left > 0; left -= ZEROS.byteLength) {
    crc = crc32(ZEROS.subarray(0, Math.min(left, ZEROS.byteLength)), crc);
  }
  return crc;
}

/** The archive as a list of chunks: the 4 GiB of zeros are views of one buffer, never allocated. */
function largeArchive(crc: number): Uint8Array[] {
  const bigName = Buffer.from("big.bin");
  const smallName = Buffer.from("after.txt");
  const small = Buffer.from("hello");
  const bigLocal = Buffer.concat([
    le(4, 0x04034b50),
    le(2, 45),
    le(2, 0),
    le(2, 0),
    le(2, 0),
    le(2, 0x21),
    le(4, crc),
    le(4, 0xffffffff),
    le(4, 0xffffffff),
    le(2, bigName.byteLength),
    le(2, 20),
    bigName,
    extraField(1, Buffer.concat([le(8, BIG), le(8, BIG)])),
  ]);
  const smallOffset = bigLocal.byteLength + BIG;
  const smallLocal = Buffer.concat([
    le(4, 0x04034b50),
    le(2, 20),
    le(2, 0),
    le(2, 0),
    le(2, 0),
    le(2, 0x21),
    le(4, crc32(small)),
    le(4, 5),
    le(4, 5),
    le(2, smallName.byteLength),
    le(2, 0),
    smallName,
    small,
  ]);
  const central = (name: Buffer, fields: Buffer, sizes: number, offset: number, extra: Buffer) =>
    Buffer.concat([
      le(4, 0x02014b50),
      le(2, 0x031e),
      le(2, 45),
      le(2, 0),
      le(2, 0),
      le(2, 0),
      le(2, 0x21),
      fields,
      le(4, sizes),
      le(4, sizes),
      le(2, name.byteLength),
      le(2, extra.byteLength),
      le(2, 0),
      le(2, 0),
      le(2, 0),
      le(4, 0),
      le(4, offset),
      name,
      extra,
    ]);
  const directory = Buffer.concat([
    central(
      bigName,
      le(4, crc),
      0xffffffff,
      0,
      extraField(1, Buffer.concat([le(8, BIG), le(8, BIG)])),
    ),
    central(smallName, le(4, crc32(small)), 5, 0xffffffff, extraField(1, le(8, smallOffset))),
  ]);
  const directoryOffset = smallOffset + smallLocal.byteLength;
  const zip64EndOffset = directoryOffset + directory.byteLength;
  const end = Buffer.concat([
    le(4, 0x06064b50),
    le(8, 44),
    le(2, 45),
    le(2, 45),
    le(4, 0),
    le(4, 0),
    le(8, 2),
    le(8, 2),
    le(8, directory.byteLength),
    le(8, directoryOffset),
    le(4, 0x07064b50),
    le(4, 0),
    le(8, zip64EndOffset),
    le(4, 1),
    le(4, 0x06054b50),
    le(2, 0),
    le(2, 0),
    le(2, 2),
    le(2, 2),
    le(4, directory.byteLength),
    le(4, 0xffffffff),
    le(2, 0),
  ]);
  const chunks: Uint8Array[] = [bigLocal];
  for (let left = BIG; left > 0; left -= ZEROS.byteLength) {
    chunks.push(ZEROS.subarray(0, Math.min(left, ZEROS.byteLength)));
  }
  chunks.push(smallLocal, directory, end);
  return chunks;
}

describe("ZIP64 beyond 4 GiB", () => {
  it("reads sizes and offsets that only fit in ZIP64 fields", async () => {
    const chunks = largeArchive(zerosCrc(BIG));
    for (const verify of ["structure", "full"] as const) {
      const inspector = new ZipInspector({ verify });
      for (const chunk of chunks) await inspector.write(chunk);
      const summary = await inspector.end();
      expect(summary.entries.map((entry) => [entry.path, entry.size])).toEqual([
        ["big.bin", BIG],
        ["after.txt", 5],
      ]);
      expect(summary.zip64).toBe(true);
      expect(summary.uncompressedSize).toBe(BIG + 5);
      expect(summary.entries[0]?.verified).toBe(verify === "full");
    }
  });
});
