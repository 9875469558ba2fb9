import { randomBytes } from "node:crypto";
import { crc64 as serverCrc64 } from "@kura/oss-server";
import { describe, expect, it } from "vitest";
import { Crc64, crc64Decimal } from "../../src/storage/crc64.js";

/** The definition, one bit at a time with BigInt: slow, and obviously right. */
function bitwiseCrc64(bytes: Uint8Array): bigint {
  const poly = 0xc96c5795d7870f42n;
  const mask = (1n << 64n) - 1n;
  let crc = mask;
  for (const byte of bytes) {
    crc ^= BigInt(byte);
    for (let bit = 0; bit < 8; bit++) crc = crc & 1n ? (crc >> 1n) ^ poly : crc >> 1n;
  }
  return crc ^ mask;
}

describe("Crc64", () => {
  it("gives the catalogued check value for 123456789", () => {
    expect(crc64Decimal(Buffer.from("123456789"))).toBe("11051210869376104954");
  });

  it("is all zeros for no bytes", () => {
    expect(new Crc64().digest()).toBe(0n);
  });

  it("matches the bitwise definition for every length around the 8-byte stride", () => {
    for (let length = 0; length < 70; length++) {
      const bytes = randomBytes(length);
      expect(new Crc64().update(bytes).digest(), `length ${length}`).toBe(bitwiseCrc64(bytes));
    }
  });

  it("gives the same result however the bytes are split into chunks", () => {
    const bytes = randomBytes(100_003);
    const whole = new Crc64().update(bytes).digest();

    for (const step of [1, 3, 7, 8, 9, 4096, 65_537]) {
      const crc = new Crc64();
      for (let i = 0; i < bytes.length; i += step) crc.update(bytes.subarray(i, i + step));
      expect(crc.digest(), `chunks of ${step}`).toBe(whole);
    }
  });

  it("agrees with the OSS protocol server's own implementation", () => {
    const bytes = randomBytes(1_000_001);
    expect(new Crc64().update(bytes).digest()).toBe(serverCrc64(bytes));
  });
});
