/**
 * A byte ring in shared memory between the thread that receives an archive (the writer) and the
 * inspection worker (the reader). Handing a chunk over is one copy into the ring and an atomic
 * store; no message is posted per chunk, so the writer's thread spends next to nothing on it.
 *
 * Both sides count bytes in 32-bit words that wrap around; the ring's size is a power of two, so
 * a count masked by `size - 1` is a position in it whatever the wrap.
 */

// Words of the control array.
const WRITTEN = 0;
const READ = 1;
const STATE = 2;
// Bumped whenever the writer has something new to say (bytes, end, abort): the reader waits here.
const TO_READER = 3;
// Bumped whenever the reader frees space or stops: the writer waits here.
const TO_WRITER = 4;
// 1 while that side waits: a wake-up costs the waking thread a system call, so it is only made
// when someone is asleep.
const READER_WAITS = 5;
const WRITER_WAITS = 6;
const WORDS = 7;

/** Where the exchange stands; only ever moves away from OPEN once. */
export const RingState = {
  OPEN: 0,
  /** The writer wrote its last byte. */
  ENDED: 1,
  /** The writer gave up; the reader drops what is left. */
  ABORTED: 2,
  /** The reader has its verdict and reads no more. */
  CLOSED: 3,
} as const;

/** What crosses to the worker: the two shared buffers. */
export interface RingMemory {
  control: SharedArrayBuffer;
  bytes: SharedArrayBuffer;
}

export const DEFAULT_RING_SIZE = 1024 * 1024;

export function allocateRing(size = DEFAULT_RING_SIZE): RingMemory {
  if (size <= 0 || (size & (size - 1)) !== 0) throw new RangeError("The ring size must be 2^n.");

  return {
    control: new SharedArrayBuffer(WORDS * Int32Array.BYTES_PER_ELEMENT),
    bytes: new SharedArrayBuffer(size),
  };
}

/** Readies a ring that both sides have let go of for another exchange. */
export function clearRing(memory: RingMemory): void {
  new Int32Array(memory.control).fill(0);
}

abstract class RingEnd {
  protected readonly control: Int32Array;
  protected readonly ring: Uint8Array;
  protected readonly mask: number;

  constructor(memory: RingMemory) {
    this.control = new Int32Array(memory.control);
    this.ring = new Uint8Array(memory.bytes);
    this.mask = this.ring.byteLength - 1;
  }

  get state(): number {
    return Atomics.load(this.control, STATE);
  }

  /** Moves the state on from OPEN; false when the other side moved it first. */
  protected settle(state: number): boolean {
    return Atomics.compareExchange(this.control, STATE, RingState.OPEN, state) === RingState.OPEN;
  }

  // Every change is counted in `word` before anyone is woken, and a sleeper checks the count as it
  // falls asleep, so no wake-up is lost between its last look and its sleep.
  protected signal(word: number): void {
    Atomics.add(this.control, word, 1);
    const waits = word === TO_READER ? READER_WAITS : WRITER_WAITS;
    if (Atomics.load(this.control, waits) === 1) Atomics.notify(this.control, word);
  }

  /** Resolves once `word` no longer holds `seen`, without blocking the thread. */
  protected async waitWhile(word: number, seen: number): Promise<void> {
    const waits = word === TO_READER ? READER_WAITS : WRITER_WAITS;
    Atomics.store(this.control, waits, 1);
    try {
      const waiting = Atomics.waitAsync(this.control, word, seen);
      if (waiting.async) await waiting.value;
    } finally {
      Atomics.store(this.control, waits, 0);
    }
  }
}

/** The receiving thread's end: copies chunks in. */
export class RingWriter extends RingEnd {
  private written = 0;

  /**
   * Copies as much of `chunk` as fits and returns how many bytes that was: 0 when the ring is
   * full or the reader has stopped (check `state`).
   */
  offer(chunk: Uint8Array): number {
    if (this.state !== RingState.OPEN) return 0;

    const free = this.ring.byteLength - ((this.written - Atomics.load(this.control, READ)) | 0);
    const count = Math.min(free, chunk.byteLength);
    if (count === 0) return 0;

    const at = this.written & this.mask;
    const first = Math.min(count, this.ring.byteLength - at);
    // Most chunks fit whole, and need no view of their own.
    this.ring.set(first === chunk.byteLength ? chunk : chunk.subarray(0, first), at);
    if (first < count) this.ring.set(chunk.subarray(first, count), 0);
    this.written = (this.written + count) | 0;
    Atomics.store(this.control, WRITTEN, this.written);
    this.signal(TO_READER);
    return count;
  }

  /** Resolves when the reader has freed space or stopped since `offer` last returned 0. */
  async readerMoved(): Promise<void> {
    const seen = Atomics.load(this.control, TO_WRITER);
    const free = this.ring.byteLength - ((this.written - Atomics.load(this.control, READ)) | 0);
    if (free > 0 || this.state !== RingState.OPEN) return;

    await this.waitWhile(TO_WRITER, seen);
  }

  end(): void {
    if (this.settle(RingState.ENDED)) this.signal(TO_READER);
  }

  /**
   * Lets go of the ring once the verdict is in: a write of this side that still waits for space
   * wakes (and finds the exchange over), and nothing of this side touches the ring again.
   */
  detach(): void {
    this.settle(RingState.CLOSED);
    Atomics.add(this.control, TO_WRITER, 1);
    Atomics.notify(this.control, TO_WRITER);
  }

  /** Gives up: the reader stops, and a write of this side that waits for space wakes to see it. */
  abort(): void {
    if (!this.settle(RingState.ABORTED)) return;

    this.signal(TO_READER);
    this.signal(TO_WRITER);
  }
}

/** The worker's end: takes bytes out as they come. */
export class RingReader extends RingEnd {
  private read = 0;

  /**
   * Copies the next bytes out of the ring into `into` (as many as fit) as soon as there are any,
   * and returns their count; null once the writer has ended and everything was read, or once
   * either side stopped the exchange.
   */
  async next(into: Uint8Array): Promise<number | null> {
    for (;;) {
      const seen = Atomics.load(this.control, TO_READER);
      const state = this.state;
      if (state === RingState.ABORTED || state === RingState.CLOSED) return null;

      const available = (Atomics.load(this.control, WRITTEN) - this.read) | 0;
      if (available > 0) return this.take(into, Math.min(available, into.byteLength));

      if (state === RingState.ENDED) return null;

      await this.waitWhile(TO_READER, seen);
    }
  }

  /** The reader has its verdict: wakes the writer if it waits for space and this side's waits. */
  close(): void {
    this.settle(RingState.CLOSED);
    this.signal(TO_WRITER);
    this.signal(TO_READER);
  }

  private take(into: Uint8Array, count: number): number {
    const at = this.read & this.mask;
    const first = Math.min(count, this.ring.byteLength - at);
    into.set(this.ring.subarray(at, at + first), 0);
    if (first < count) into.set(this.ring.subarray(0, count - first), first);
    this.read = (this.read + count) | 0;
    Atomics.store(this.control, READ, this.read);
    this.signal(TO_WRITER);
    return count;
  }
}
