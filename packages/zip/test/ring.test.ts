import { describe, expect, it } from "vitest";
import { allocateRing, RingReader, RingState, RingWriter } from "../dist/shared-ring.js";

// The ring between the receiving thread and the inspection worker, both ends in one thread: the
// reader parses bytes where they lie, so space comes back to the writer only when released.

describe("the shared ring", () => {
  it("hands out views in order, across the wrap, and frees space only when released", async () => {
    const memory = allocateRing(16);
    const writer = new RingWriter(memory);
    const reader = new RingReader(memory);
    expect(writer.offer(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12))).toBe(12);
    expect([...((await reader.next(64)) as Uint8Array)]).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
    ]);

    // Handed out but not released: the writer gets only the four bytes left.
    expect(writer.offer(Uint8Array.of(13, 14, 15, 16, 17, 18))).toBe(4);
    expect(reader.full).toBe(false);
    expect([...((await reader.next(64)) as Uint8Array)]).toEqual([13, 14, 15, 16]);
    expect(reader.full).toBe(true);
    expect(writer.offer(Uint8Array.of(17))).toBe(0);

    // Giving back the first ten bytes lets ten more in, written from the start of the ring.
    reader.release(10);
    expect(reader.full).toBe(false);
    expect(writer.offer(Uint8Array.of(17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27))).toBe(10);
    const wrapped = (await reader.next(64)) as Uint8Array;
    expect([...wrapped]).toEqual([17, 18, 19, 20, 21, 22, 23, 24, 25, 26]);
    expect(wrapped.byteOffset).toBe(0);

    writer.end();
    expect(await reader.next(64)).toBeNull();
  });

  it("hands out no more than it is asked for at a time", async () => {
    const memory = allocateRing(16);
    const writer = new RingWriter(memory);
    const reader = new RingReader(memory);
    writer.offer(Uint8Array.of(1, 2, 3, 4, 5, 6, 7));
    expect([...((await reader.next(3)) as Uint8Array)]).toEqual([1, 2, 3]);
    expect([...((await reader.next(3)) as Uint8Array)]).toEqual([4, 5, 6]);
    expect([...((await reader.next(3)) as Uint8Array)]).toEqual([7]);
  });

  it("wakes a writer that waits for space when the reader releases", async () => {
    const memory = allocateRing(8);
    const writer = new RingWriter(memory);
    const reader = new RingReader(memory);
    expect(writer.offer(new Uint8Array(8))).toBe(8);
    await reader.next(64);
    const moved = writer.readerMoved();
    reader.release(3);
    await moved;
    expect(writer.offer(new Uint8Array(8))).toBe(3);
    reader.close();
    expect(writer.state).toBe(RingState.CLOSED);
    expect(await reader.next(64)).toBeNull();
  });
});
