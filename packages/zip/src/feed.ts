import { asBuffer } from "./bytes.js";
import { ZipRejection } from "./rejection.js";

const EMPTY = new Uint8Array(0);

interface PendingWrite {
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * The queue between the bytes' source and the parser. A push settles once the parser has used
 * everything queued and asks for more, so a source that awaits each push holds at most one chunk
 * here beyond the small look-ahead a header needs.
 *
 * `peek`, `take`, `view` and `span` return views of the chunks, copied only when they straddle
 * two. A view is good until the parser next waits for bytes (`fill`, `need`, `read`, `discard`):
 * a source may reuse a chunk's memory once the parser has read past it and asked for more.
 * `read` returns a copy, so that what it returns survives the waits that follow.
 */
export class ByteFeed {
  // Chunks from `front` on are unread; the array is compacted now and then instead of shifted,
  // which would cost a copy of the whole array per chunk when chunks are tiny.
  // Held as Buffers, wrapped once on arrival, so that searches need no wrapper per call.
  private queue: Buffer[] = [];
  private front = 0;
  private head = 0;
  private queuedBytes = 0;
  private ended = false;
  private failure: unknown = null;
  private writers: PendingWrite[] = [];
  private wakeParser: (() => void) | null = null;

  /** Offset in the whole stream of the next byte the parser will see. */
  position = 0;

  get queued(): number {
    return this.queuedBytes;
  }

  push(chunk: Uint8Array): Promise<void> {
    if (this.failure !== null) return Promise.reject(this.failure);

    if (this.ended) return Promise.reject(new Error("ZipInspector.write() called after end()."));

    if (chunk.byteLength === 0) return Promise.resolve();

    this.queue.push(asBuffer(chunk));
    this.queuedBytes += chunk.byteLength;
    const settled = new Promise<void>((resolve, reject) => {
      this.writers.push({ resolve, reject });
    });
    this.wake();
    return settled;
  }

  finish(): void {
    this.ended = true;
    this.wake();
  }

  fail(error: unknown): void {
    this.failure = error;
    const writers = this.writers;
    this.writers = [];
    for (const writer of writers) writer.reject(error);
    this.queue = [];
    this.front = 0;
    this.queuedBytes = 0;
  }

  /** Waits until `count` bytes are queued; false when the stream ends first. */
  async fill(count: number): Promise<boolean> {
    while (this.queuedBytes < count) {
      if (this.ended) return false;

      await this.askForMore();
    }
    return true;
  }

  /** Like `fill`, but running out of bytes means the archive is truncated. */
  async need(count: number): Promise<void> {
    if (!(await this.fill(count))) throw ZipRejection.truncated(this.position + this.queuedBytes);
  }

  /** The queued bytes that sit in one chunk, starting at the current position. */
  view(): Uint8Array {
    const first = this.queue[this.front];
    if (first === undefined) return EMPTY;

    return first.subarray(this.head);
  }

  /** Where `span()`'s bytes start in the buffer it returned. */
  spanAt = 0;

  /**
   * A buffer holding the next `count` queued bytes from `spanAt` on: the chunk itself when they
   * lie in one, else a copy. Lets a parser read fields by offset without a view per record.
   */
  span(count: number): Buffer {
    const first = this.queue[this.front];
    if (first !== undefined && first.byteLength - this.head >= count) {
      this.spanAt = this.head;
      return first;
    }

    this.spanAt = 0;
    return asBuffer(this.peek(count));
  }

  /** `count` queued bytes from the current position, copied only if they span chunks. */
  peek(count: number): Uint8Array {
    const first = this.queue[this.front];
    if (first === undefined || count === 0) return EMPTY;

    if (first.byteLength - this.head >= count) return first.subarray(this.head, this.head + count);

    const joined = new Uint8Array(count);
    let filled = 0;
    let offset = this.head;
    for (let index = this.front; filled < count; index++) {
      const chunk = this.queue[index] as Uint8Array;
      const piece = chunk.subarray(offset, offset + (count - filled));
      joined.set(piece, filled);
      filled += piece.byteLength;
      offset = 0;
    }
    return joined;
  }

  /** The little-endian word `offset` bytes past the current position; the bytes must be queued. */
  u32At(offset: number): number {
    const first = this.queue[this.front];
    const start = this.head + offset;
    if (first !== undefined && start + 4 <= first.byteLength) return first.readUInt32LE(start);

    let index = this.front;
    let at = this.head + offset;
    let word = 0;
    for (let shift = 0; shift < 32; shift += 8) {
      let chunk = this.queue[index] as Uint8Array;
      while (at >= chunk.byteLength) {
        at -= chunk.byteLength;
        chunk = this.queue[++index] as Uint8Array;
      }
      word |= (chunk[at] as number) << shift;
      at++;
    }
    return word >>> 0;
  }

  /**
   * Where `needle` (at most 4 bytes) first starts in the queued bytes between `from` and `to`,
   * counted from the current position; -1 when it does not. Copies nothing but the few bytes
   * around each chunk boundary, which may span several tiny chunks.
   */
  find(needle: Uint8Array, from: number, to: number): number {
    const reach = needle.byteLength - 1;
    const end = Math.min(to, this.queuedBytes);
    let start = -this.head;
    for (let index = this.front; index < this.queue.length && start < end; index++) {
      const chunk = this.queue[index] as Buffer;
      const chunkEnd = start + chunk.byteLength;
      if (chunkEnd <= from) {
        start = chunkEnd;
        continue;
      }

      // A match that begins before this chunk and ends in it: search the bytes around the seam.
      const seamFrom = Math.max(from, start - reach);
      const seamTo = Math.min(end, start + reach);
      if (seamFrom < start && seamTo - seamFrom >= needle.byteLength) {
        const hit = asBuffer(this.copyOut(seamFrom, seamTo)).indexOf(needle);
        if (hit !== -1) return seamFrom + hit;
      }

      const hit = chunk.indexOf(needle, Math.max(0, from - start));
      if (hit !== -1) return start + hit + needle.byteLength <= end ? start + hit : -1;

      start = chunkEnd;
    }
    return -1;
  }

  // The queued bytes from `from` to `to` past the current position, copied.
  private copyOut(from: number, to: number): Uint8Array {
    const out = new Uint8Array(to - from);
    let start = -this.head;
    for (let index = this.front; index < this.queue.length && start < to; index++) {
      const chunk = this.queue[index] as Uint8Array;
      const chunkEnd = start + chunk.byteLength;
      if (chunkEnd > from) {
        const piece = chunk.subarray(
          Math.max(0, from - start),
          Math.min(chunk.byteLength, to - start),
        );
        out.set(piece, Math.max(0, start - from));
      }
      start = chunkEnd;
    }
    return out;
  }

  skip(count: number): void {
    this.queuedBytes -= count;
    this.position += count;
    while (count > 0) {
      const first = this.queue[this.front] as Uint8Array;
      const left = first.byteLength - this.head;
      if (count < left) {
        this.head += count;
        return;
      }

      count -= left;
      this.front++;
      this.head = 0;
    }
    if (this.front === this.queue.length) {
      this.queue = [];
      this.front = 0;
    } else if (this.front > 1024) {
      this.queue = this.queue.slice(this.front);
      this.front = 0;
    }
  }

  /** `count` bytes that are already queued, consumed at once: `read` without the wait. */
  take(count: number): Uint8Array {
    const bytes = this.peek(count);
    this.skip(count);
    return bytes;
  }

  async read(count: number): Promise<Uint8Array> {
    await this.need(count);
    const bytes = Buffer.from(this.peek(count));
    this.skip(count);
    return bytes;
  }

  /** Skips bytes that may not have arrived yet, without holding on to them. */
  async discard(count: number): Promise<void> {
    while (count > 0) {
      await this.need(1);
      const step = Math.min(count, this.queuedBytes);
      this.skip(step);
      count -= step;
    }
  }

  private askForMore(): Promise<void> {
    const writers = this.writers;
    this.writers = [];
    for (const writer of writers) writer.resolve();
    return new Promise((resolve) => {
      this.wakeParser = resolve;
    });
  }

  private wake(): void {
    const wake = this.wakeParser;
    this.wakeParser = null;
    wake?.();
  }
}
