// CRC-64/ECMA-182 in the form OSS reports in `x-oss-hash-crc64ecma` (also Go's hash/crc64 ECMA
// and XZ): reflected polynomial 0xC96C5795D7870F42, register starts at all ones and is inverted
// at the end. Check value of "123456789": 11051210869376104954.
//
// The 64-bit register is held as two uint32 halves, and eight bytes are folded per step with
// eight lookup tables ("slicing by 8"), so the inner loop is plain 32-bit integer work.

const POLY_HI = 0xc96c5795;
const POLY_LO = 0xd7870f42;
const SLICES = 8;

const TABLE_HI = new Uint32Array(256 * SLICES);
const TABLE_LO = new Uint32Array(256 * SLICES);

for (let n = 0; n < 256; n++) {
  let hi = 0;
  let lo = n;
  for (let bit = 0; bit < 8; bit++) {
    const odd = lo & 1;
    lo = ((lo >>> 1) | (hi << 31)) >>> 0;
    hi >>>= 1;
    if (odd) {
      hi = (hi ^ POLY_HI) >>> 0;
      lo = (lo ^ POLY_LO) >>> 0;
    }
  }
  TABLE_HI[n] = hi;
  TABLE_LO[n] = lo;
}

// Table k advances a byte through k further zero bytes: one lookup replaces k shift steps.
for (let k = 1; k < SLICES; k++) {
  for (let n = 0; n < 256; n++) {
    const prevHi = TABLE_HI[(k - 1) * 256 + n] as number;
    const prevLo = TABLE_LO[(k - 1) * 256 + n] as number;
    const index = prevLo & 0xff;
    TABLE_LO[k * 256 + n] = (((prevLo >>> 8) | (prevHi << 24)) ^ (TABLE_LO[index] as number)) >>> 0;
    TABLE_HI[k * 256 + n] = ((prevHi >>> 8) ^ (TABLE_HI[index] as number)) >>> 0;
  }
}

/** An incremental CRC-64/ECMA-182 as OSS computes it: `update` with chunks, then `digest`. */
export class Crc64 {
  private hi = 0xffffffff;
  private lo = 0xffffffff;

  update(bytes: Uint8Array): this {
    const tl = TABLE_LO;
    const th = TABLE_HI;
    let hi = this.hi;
    let lo = this.lo;
    let i = 0;
    const whole = bytes.length - (bytes.length % SLICES);

    while (i < whole) {
      const l =
        lo ^
        ((bytes[i] as number) |
          ((bytes[i + 1] as number) << 8) |
          ((bytes[i + 2] as number) << 16) |
          ((bytes[i + 3] as number) << 24));
      const h =
        hi ^
        ((bytes[i + 4] as number) |
          ((bytes[i + 5] as number) << 8) |
          ((bytes[i + 6] as number) << 16) |
          ((bytes[i + 7] as number) << 24));
      const a = 7 * 256 + (l & 0xff);
      const b = 6 * 256 + ((l >>> 8) & 0xff);
      const c = 5 * 256 + ((l >>> 16) & 0xff);
      const d = 4 * 256 + (l >>> 24);
      const e = 3 * 256 + (h & 0xff);
      const f = 2 * 256 + ((h >>> 8) & 0xff);
      const g = 256 + ((h >>> 16) & 0xff);
      const k = h >>> 24;
      lo = ((tl[a] as number) ^
        (tl[b] as number) ^
        (tl[c] as number) ^
        (tl[d] as number) ^
        (tl[e] as number) ^
        (tl[f] as number) ^
        (tl[g] as number) ^
        (tl[k] as number)) as number;
      hi = ((th[a] as number) ^
        (th[b] as number) ^
        (th[c] as number) ^
        (th[d] as number) ^
        (th[e] as number) ^
        (th[f] as number) ^
        (th[g] as number) ^
        (th[k] as number)) as number;
      i += SLICES;
    }

    for (; i < bytes.length; i++) {
      const index = (lo ^ (bytes[i] as number)) & 0xff;
      lo = ((lo >>> 8) | (hi << 24)) ^ (tl[index] as number);
      hi = (hi >>> 8) ^ (th[index] as number);
    }

    this.hi = hi >>> 0;
    this.lo = lo >>> 0;
    return this;
  }

  /** The CRC as an unsigned 64-bit integer. */
  digest(): bigint {
    const hi = (this.hi ^ 0xffffffff) >>> 0;
    const lo = (this.lo ^ 0xffffffff) >>> 0;
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /** The CRC in unsigned decimal, the way OSS writes `x-oss-hash-crc64ecma`. */
  digestDecimal(): string {
    return this.digest().toString(10);
  }
}

/** CRC-64/ECMA-182 (OSS variant) of one buffer, in unsigned decimal. */
export function crc64Decimal(bytes: Uint8Array): string {
  return new Crc64().update(bytes).digestDecimal();
}
