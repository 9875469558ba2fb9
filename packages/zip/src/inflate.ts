import zlib from "node:zlib";
import type { OutputBound } from "./budget.js";
import type { ByteFeed } from "./feed.js";
import { ZipRejection } from "./rejection.js";
import { findSignedDescriptor } from "./signed-descriptor.js";

/** What inflating one entry's data found. */
export interface Inflated {
  compressedSize: number;
  size: number;
  crc32: number;
}

// Entries up to this much deflate data are inflated in one synchronous call, from a view of the
// chunk or a copy when they span chunks; that bounds what is held and what one call can block.
export const ONE_SHOT_INPUT_LIMIT = 256 * 1024;
// ...and only while their output stays under this; beyond it they stream.
export const ONE_SHOT_OUTPUT_LIMIT = 8 * 1024 * 1024;
const STREAM_OUTPUT_CHUNK = 64 * 1024;
// Tiny chunks are batched up to this before a streaming write, one thread-pool trip per write.
const STREAM_INPUT_BATCH = 16 * 1024;

type OneShot = (
  data: Uint8Array,
  options: zlib.ZlibOptions & { info: true },
) => { buffer: Buffer; engine: { bytesWritten: number } };
// Node's typings omit the `info` overload that reports how much input was consumed.
const inflateRawSync = zlib.inflateRawSync as unknown as OneShot;

/** The deflate stream went on past the input, or its output outgrew the one-shot limit. */
const OPEN = "open";
const TOO_LARGE = "too-large";

/**
 * Inflates one entry's deflate data straight from the feed and leaves the feed just past it.
 * With `compressedSize` null (flag bit 3) the deflate stream itself marks where the data ends.
 * Inflation stops as soon as the output passes `bound.max` or breaks the ratio limit, so a lying
 * entry costs no more than its bound.
 *
 * Most entries are small, and a synchronous inflate costs a fraction of a zlib stream's trips
 * through the thread pool, so small entries are inflated in one call; the rest stream.
 *
 * With full verification, entries small enough for one call go to a worker in batches instead
 * (see InflateQueue); this path serves the rest, and entries whose end only inflating can find.
 */
export async function inflateEntry(
  feed: ByteFeed,
  compressedSize: number | null,
  bound: OutputBound,
  entry: string,
): Promise<Inflated> {
  const quick =
    compressedSize === null
      ? await inflateUnsizedAtOnce(feed, bound, entry)
      : await inflateSizedAtOnce(feed, compressedSize, bound, entry);
  if (quick !== null) {
    bound.checkRatio(quick.size, quick.compressedSize);
    feed.skip(quick.compressedSize);
    return quick;
  }

  return inflateStreaming(feed, compressedSize, bound, entry);
}

async function inflateSizedAtOnce(
  feed: ByteFeed,
  compressedSize: number,
  bound: OutputBound,
  entry: string,
) {
  if (compressedSize > ONE_SHOT_INPUT_LIMIT) return null;

  await feed.need(compressedSize);
  const outcome = inflateAtOnce(feed.peek(compressedSize), true, bound, entry, bound.max);
  if (outcome === TOO_LARGE) return null;

  if (outcome === OPEN || outcome.compressedSize !== compressedSize) throw endsEarly(entry);

  return outcome;
}

/**
 * Without a size, the end is first looked for where a signed data descriptor gives it away: the
 * signature followed by a compressed size equal to its own distance from the start. Inflating
 * exactly that much proves it. Otherwise the end is found by trying what has arrived; each retry
 * waits for twice the input of the last, so retries cost at most as much again as the entry.
 */
async function inflateUnsizedAtOnce(feed: ByteFeed, bound: OutputBound, entry: string) {
  const end = await findSignedDescriptor(feed, ONE_SHOT_INPUT_LIMIT);
  if (end !== null) {
    // The descriptor's size, if true, lets zlib write into one buffer of the right length.
    const hint = feed.queued >= end + 16 ? feed.u32At(end + 12) : undefined;
    const outcome = inflateAtOnce(feed.peek(end), true, bound, entry, hint, true);
    if (outcome === TOO_LARGE) return null;

    if (outcome !== OPEN) return outcome;
  }

  await feed.need(1);
  for (;;) {
    const input = feed.peek(Math.min(feed.queued, ONE_SHOT_INPUT_LIMIT));
    const outcome = inflateAtOnce(input, false, bound, entry);
    if (outcome === TOO_LARGE) return null;

    if (outcome !== OPEN) return outcome;

    if (input.byteLength >= ONE_SHOT_INPUT_LIMIT) return null;

    const arrived = await feed.fill(Math.min(ONE_SHOT_INPUT_LIMIT, input.byteLength * 2));
    if (!arrived && feed.queued === input.byteLength) {
      throw ZipRejection.truncated(feed.position + feed.queued);
    }
  }
}

/**
 * One synchronous inflate. `sizeHint` (a declared size) sizes zlib's output buffer so that the
 * usual entry is written once, with no joining of pieces; `guessed` marks input whose end was only
 * guessed, so that running short of it is not an error.
 */
function inflateAtOnce(
  input: Uint8Array,
  whole: boolean,
  bound: OutputBound,
  entry: string,
  sizeHint?: number,
  guessed = false,
) {
  const max = Math.min(ONE_SHOT_OUTPUT_LIMIT, bound.max);
  let result: ReturnType<OneShot>;
  try {
    result = inflateRawSync(input, {
      info: true,
      maxOutputLength: Math.max(1, max),
      // zlib wants at least 64 bytes; one more than the size leaves room to see it overrun.
      ...(sizeHint === undefined ? {} : { chunkSize: Math.max(64, Math.min(sizeHint, max) + 1) }),
      // Input that stops mid-stream is only an error when it is known to be all there is.
      ...(whole ? {} : { finishFlush: zlib.constants.Z_SYNC_FLUSH }),
    });
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
      if (max === bound.max) throw bound.overflow();

      return TOO_LARGE;
    }

    // A guessed end that was not the end: the caller looks for it the slow way.
    if (guessed) return OPEN;

    throw badDeflate(entry, error);
  }

  const consumed = result.engine.bytesWritten;
  // zlib takes nothing past the end of a deflate stream: input left over proves the end was
  // reached, while input used up leaves it open.
  if (!whole && consumed === input.byteLength) return OPEN;

  const { buffer } = result;
  if (buffer.byteLength > bound.max) throw bound.overflow();

  return { compressedSize: consumed, size: buffer.byteLength, crc32: zlib.crc32(buffer) };
}

async function inflateStreaming(
  feed: ByteFeed,
  compressedSize: number | null,
  bound: OutputBound,
  entry: string,
): Promise<Inflated> {
  const inflater = zlib.createInflateRaw({ chunkSize: STREAM_OUTPUT_CHUNK });
  const result: Inflated = { compressedSize: 0, size: 0, crc32: 0 };
  let writing = 0;
  inflater.on("data", (out: Buffer) => {
    result.size += out.byteLength;
    result.crc32 = zlib.crc32(out, result.crc32);
    // Stop at once rather than inflate on into a size already known to be wrong.
    try {
      if (result.size > bound.max) throw bound.overflow();

      bound.checkRatio(result.size, result.compressedSize + writing);
    } catch (error) {
      inflater.destroy(error as Error);
    }
  });
  const ended = new Promise<void>((resolve, reject) => {
    inflater.once("end", resolve);
    inflater.once("error", reject);
  });
  ended.catch(() => {});

  try {
    for (;;) {
      const left = compressedSize === null ? Infinity : compressedSize - result.compressedSize;
      const piece = await nextPiece(feed, left);
      writing = piece.byteLength;
      await writeTo(inflater, piece);

      const taken = inflater.bytesWritten - result.compressedSize;
      result.compressedSize += taken;
      writing = 0;
      feed.skip(taken);
      if (taken < piece.byteLength || result.compressedSize === compressedSize) break;
    }
    if (compressedSize !== null && result.compressedSize !== compressedSize) throw endsEarly(entry);

    inflater.end();
    await ended;
  } catch (error) {
    inflater.destroy();
    throw error instanceof ZipRejection ? error : badDeflate(entry, error);
  }
  return result;
}

// The rest of the current chunk, or a batch copied from several when the chunks are small.
async function nextPiece(feed: ByteFeed, left: number): Promise<Uint8Array> {
  await feed.need(1);
  const view = feed.view();
  if (view.byteLength >= Math.min(left, STREAM_INPUT_BATCH)) return view.subarray(0, left);

  await feed.fill(Math.min(left, STREAM_INPUT_BATCH));
  return feed.peek(Math.min(left, STREAM_INPUT_BATCH, feed.queued));
}

function writeTo(inflater: zlib.InflateRaw, bytes: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    // A data error arrives as an 'error' event; the write callback is then never called.
    inflater.once("error", reject);
    inflater.write(bytes, (error) => {
      inflater.off("error", reject);
      if (error) reject(error);
      else resolve();
    });
  });
}

export function badDeflate(entry: string, cause: unknown): ZipRejection {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return ZipRejection.corrupt(`Entry "${entry}" has bad deflate data (${detail}).`, {
    entry,
    cause,
  });
}

export function endsEarly(entry: string): ZipRejection {
  return ZipRejection.corrupt(`Entry "${entry}": deflate data and compressed size disagree.`, {
    entry,
  });
}

/** The data inflated, or was stored, to a size other than the one its headers declare. */
export function sizeMismatch(entry: string): ZipRejection {
  return ZipRejection.bomb(
    "size_mismatch",
    `Entry "${entry}" inflates to a size other than the one it declares.`,
    entry,
  );
}
