import { describe, expect, it } from "vitest";
import { ByteFeed } from "../src/feed.js";

// A seeded generator, so that a failure can be replayed.
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x80000000;
  };
}

describe("ByteFeed.find", () => {
  const needle = Uint8Array.of(0x50, 0x4b, 0x07, 0x08);

  it("finds the first match wherever the chunk boundaries fall, tiny chunks included", () => {
    const next = random(7);
    for (let round = 0; round < 2000; round++) {
      // Bytes drawn mostly from the needle's own, so that partial matches abound.
      const bytes = Buffer.from(
        Array.from({ length: 4 + Math.floor(next() * 40) }, () =>
          next() < 0.8 ? (needle[Math.floor(next() * 4)] as number) : Math.floor(next() * 256),
        ),
      );
      const feed = new ByteFeed();
      for (let at = 0; at < bytes.byteLength; ) {
        const size = 1 + Math.floor(next() * 5);
        feed.push(bytes.subarray(at, at + size)).catch(() => {});
        at += size;
      }
      // Some of the stream already read, and a window that starts and ends inside it.
      const skipped = Math.floor(next() * 3);
      feed.skip(skipped);
      const rest = bytes.subarray(skipped);
      const from = Math.floor(next() * 4);
      const to = rest.byteLength - Math.floor(next() * 4);
      const first = rest.subarray(0, Math.max(0, to)).indexOf(needle, from);
      expect([round, feed.find(needle, from, to)]).toEqual([round, from >= to ? -1 : first]);
    }
  });
});
