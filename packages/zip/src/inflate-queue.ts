import type { OutputBound } from "./budget.js";
import { crcMismatch } from "./descriptor.js";
import {
  badDeflate,
  endsEarly,
  ONE_SHOT_INPUT_LIMIT,
  ONE_SHOT_OUTPUT_LIMIT,
  sizeMismatch,
} from "./inflate.js";
import { type BatchEntry, type BatchResult, inflateBatch } from "./inflate-worker.js";

/** What an entry's headers promise about its deflate data, to be held against what it inflates to. */
export interface DeferredCheck {
  entry: string;
  /** Sizes from the local header (true) or from a data descriptor (false). */
  sized: boolean;
  compressedSize: number;
  size: number;
  crc32: number;
  bound: OutputBound;
}

// A batch is sent once it holds this much deflate data: one trip to the worker per few dozen
// small entries, and a copy small enough to stay in cache.
const BATCH_BYTES = 256 * 1024;
// Batches out at once: enough to keep the worker busy while the parser runs ahead, few enough
// that memory stays bounded (at most 2.5 MiB of copied input, the batch being filled included) and
// a rejection comes soon after its entry.
const MOST_IN_FLIGHT = 4;
// A batch's buffer starts this small: most archives are small, and a buffer per inspection is
// only freed when the collector runs.
const MIN_BATCH_BUFFER = 16 * 1024;
const EMPTY = new Uint8Array(0);

/**
 * Full verification off the parser's thread: entries whose data ends where the headers say are copied
 * into batches that a worker inflates and checksums while the parser moves on to the next entry.
 * The same checks run on the results, in entry order; a failure surfaces at the next entry or at
 * `drain()`, which the inspector awaits before its verdict.
 */
export class InflateQueue {
  // The batch being filled: entries' data copied in as they are queued, since the parser's views
  // of it last only until it next waits for bytes. It grows as needed; one entry is at most
  // ONE_SHOT_INPUT_LIMIT (BATCH_BYTES), so a batch never outgrows twice BATCH_BYTES.
  private input = EMPTY;
  private entries: BatchEntry[] = [];
  private checks: DeferredCheck[] = [];
  private bytes = 0;
  private inFlight: Promise<void>[] = [];
  private failed = false;
  private failure: unknown;

  /** Whether an entry is small enough to be inflated in one go, as the worker does. */
  static takes(compressedSize: number, size: number): boolean {
    return compressedSize <= ONE_SHOT_INPUT_LIMIT && size <= ONE_SHOT_OUTPUT_LIMIT;
  }

  /** Queues an entry's data (copied at once), waiting if too many batches are out. */
  async add(data: Uint8Array, check: DeferredCheck): Promise<void> {
    this.push(data, check);
    await this.room();
  }

  /**
   * `add` without the wait: sends a batch once it is full, and leaves it to the caller to await
   * `room()` before the next entry so that no more than a few batches are out at once.
   */
  push(data: Uint8Array, check: DeferredCheck): void {
    if (this.failed) throw this.failure;

    if (this.bytes + data.byteLength > this.input.byteLength) this.grow(data.byteLength);
    this.input.set(data, this.bytes);
    // One byte past the promised size is enough to see the data break its promise.
    this.entries.push({
      offset: this.bytes,
      length: data.byteLength,
      cap: Math.min(check.bound.max, check.size + 1),
    });
    this.checks.push(check);
    this.bytes += data.byteLength;
    if (this.bytes >= BATCH_BYTES) this.send();
  }

  /** Waits for the oldest batch when too many are out; null when there is room already. */
  room(): Promise<void> | null {
    return this.inFlight.length >= MOST_IN_FLIGHT ? (this.inFlight.shift() as Promise<void>) : null;
  }

  /** Sends what is left and waits for every result; rejects with the first failed check. */
  async drain(): Promise<void> {
    this.send();
    while (this.inFlight.length > 0) await this.inFlight.shift();
  }

  /**
   * Checks everything queued and waits for every result; the failure of the earliest entry that
   * failed, if one did. Batches finish in the order they were sent, so the first failure recorded
   * is the earliest.
   */
  async firstFailure(): Promise<unknown> {
    this.send();
    const inFlight = this.inFlight;
    this.inFlight = [];
    await Promise.allSettled(inFlight);
    return this.failed ? this.failure : null;
  }

  private grow(more: number): void {
    const size = Math.max(MIN_BATCH_BUFFER, 2 * this.input.byteLength, this.bytes + more);
    const grown = new Uint8Array(Math.min(size, 2 * BATCH_BYTES));
    grown.set(this.input.subarray(0, this.bytes));
    this.input = grown;
  }

  private send(): void {
    if (this.checks.length === 0) return;

    const { entries, checks } = this;
    // The buffer is moved to the worker; the shared empty one must never be (entries with no
    // data at all make batches of no bytes).
    const input = this.bytes === 0 ? new Uint8Array(0) : this.input.subarray(0, this.bytes);
    this.input = EMPTY;
    this.entries = [];
    this.checks = [];
    this.bytes = 0;

    const judged = inflateBatch(input, entries).then((results) => judge(checks, results));
    judged.catch((error: unknown) => {
      if (this.failed) return;

      this.failed = true;
      this.failure = error;
    });
    this.inFlight.push(judged);
  }
}

// The checks the synchronous path makes, in its order, so an archive is refused for the same reason.
function judge(checks: DeferredCheck[], results: BatchResult[]): void {
  for (const [index, check] of checks.entries()) {
    const result = results[index] as BatchResult;
    const { entry, bound } = check;
    if (result.kind === "bad") throw badDeflate(entry, new Error(result.message));

    if (result.kind === "over")
      throw bound.max <= check.size + 1 ? bound.overflow() : sizeMismatch(entry);

    if (result.consumed !== check.compressedSize) throw endsEarly(entry);

    bound.checkRatio(result.size, result.consumed);
    if (check.sized && result.size !== check.size) throw sizeMismatch(entry);

    if (result.crc32 !== check.crc32) throw crcMismatch(entry);

    if (result.size !== check.size) throw sizeMismatch(entry);
  }
}
