import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Crc64, crc64 } from "../../src/store/crc64.js";
import { referenceCrc64 } from "../helpers/reference-crc64.js";

describe("CRC-64/ECMA-182 (OSS variant)", () => {
  it("gives the check value for 123456789", () => {
    expect(crc64("123456789")).toBe(11051210869376104954n);
    expect(new Crc64().update(Buffer.from("123456789")).digestDecimal()).toBe(
      "11051210869376104954",
    );
  });

  it("is 0 for no bytes", () => {
    expect(crc64(Buffer.alloc(0))).toBe(0n);
  });

  it("gives the same value fed in chunks as in one piece", () => {
    const data = randomBytes(100_003);
    const crc = new Crc64();
    for (let offset = 0; offset < data.length; offset += 4097)
      crc.update(data.subarray(offset, offset + 4097));

    expect(crc.digest()).toBe(crc64(data));
  });

  it("agrees with the bitwise reference on random data", () => {
    for (const size of [1, 7, 8, 255, 4096, 65_537]) {
      const data = randomBytes(size);
      expect(crc64(data)).toBe(referenceCrc64(data));
    }
  });

  it("differs after a single flipped bit", () => {
    const data = Buffer.from("kura archive");
    const flipped = Buffer.from(data);
    flipped[3] = (flipped[3] as number) ^ 1;

    expect(crc64(flipped)).not.toBe(crc64(data));
  });
});
