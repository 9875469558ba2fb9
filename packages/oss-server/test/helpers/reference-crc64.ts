/**
 * A second, deliberately different CRC-64/ECMA-182 (OSS/Go variant) for checking the server:
 * bit by bit, no table, straight from the definition (reflected polynomial 0xC96C5795D7870F42,
 * init and xorout all ones). Two uint32 halves keep it fast enough for a 12 MB body.
 */
export function referenceCrc64(data: Uint8Array, previous?: bigint): bigint {
  const start = previous === undefined ? 0n : previous;
  let hi = Number((start >> 32n) & 0xffffffffn) ^ 0xffffffff;
  let lo = Number(start & 0xffffffffn) ^ 0xffffffff;

  for (const byte of data) {
    lo ^= byte;
    for (let bit = 0; bit < 8; bit++) {
      const lsb = lo & 1;
      lo = (lo >>> 1) | ((hi & 1) << 31);
      hi >>>= 1;
      if (lsb !== 0) {
        hi ^= 0xc96c5795;
        lo ^= 0xd7870f42;
      }
    }
  }
  return (BigInt((hi ^ 0xffffffff) >>> 0) << 32n) | BigInt((lo ^ 0xffffffff) >>> 0);
}
