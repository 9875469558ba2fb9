import zlib from "node:zlib";
import type { ByteFeed } from "./feed.js";
import { ZipRejection } from "./rejection.js";

/** What inflating one entry's data found. */
export interface Inflated {
  compressedSize: number;
  size: number;
  crc32: number;
}

// Entries up to this much deflate data are inflated in one synchronous call, from a view of the
// chunk or a copy when they span chunks; that bounds what is held and what one call can block.
const ONE_SHOT_INPUT_LIMIT = 256 * 1024;
// ...and only while their output stays under this; beyond it they stream.
const ONE_SHOT_OUTPUT_LIMIT = 8 * 1024 * 1024;
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
 *
 * Most entries are small, and a synchronous inflate costs a fraction of a zlib stream's trips
 * through the thread pool, so small entries are inflated in one call; the rest stream.
 */
export async function inflateEntry(
  feed: ByteFeed,
  compressedSize: number | null,
  expectedSize: number | null,
  entry: string,
): Promise<Inflated> {
  const quick =
    compressedSize === null
      ? await inflateUnsizedAtOnce(feed, entry)
      : await inflateSizedAtOnce(feed, compressedSize, entry);
  if (quick !== null) {
    feed.skip(quick.compressedSize);
    return quick;
  }

  return inflateStreaming(feed, compressedSize, expectedSize, entry);
}

async function inflateSizedAtOnce(feed: ByteFeed, compressedSize: number, entry: string) {
  if (compressedSize > ONE_SHOT_INPUT_LIMIT) return null;

  await feed.need(compressedSize);
  const outcome = inflateAtOnce(feed.peek(compressedSize), true, entry);
  if (outcome === TOO_LARGE) return null;

  if (outcome === OPEN || outcome.compressedSize !== compressedSize) throw endsEarly(entry);

  return outcome;
}

/**
 * Without a size, the end is found by trying what has arrived; each retry waits for twice the
 * input of the last, so retries cost at most as much again as the entry itself.
 */
async function inflateUnsizedAtOnce(feed: ByteFeed, entry: string) {
  await feed.need(1);
  for (;;) {
    const input = feed.peek(Math.min(feed.queued, ONE_SHOT_INPUT_LIMIT));
    const outcome = inflateAtOnce(input, false, entry);
    if (outcome === TOO_LARGE) return null;

    if (outcome !== OPEN) return outcome;

    if (input.byteLength >= ONE_SHOT_INPUT_LIMIT) return null;

    const arrived = await feed.fill(Math.min(ONE_SHOT_INPUT_LIMIT, input.byteLength * 2));
    if (!arrived && feed.queued === input.byteLength) {
      throw ZipRejection.truncated(feed.position + feed.queued);
    }
  }
}

function inflateAtOnce(input: Uint8Array, whole: boolean, entry: string) {
  let result: ReturnType<OneShot>;
  try {
    result = inflateRawSync(input, {
      info: true,
      maxOutputLength: ONE_SHOT_OUTPUT_LIMIT,
      // Input that stops mid-stream is only an error when it is known to be all there is.
      ...(whole ? {} : { finishFlush: zlib.constants.Z_SYNC_FLUSH }),
    });
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") return TOO_LARGE;

    throw badDeflate(entry, error);
  }

  const consumed = result.engine.bytesWritten;
  // zlib takes nothing past the end of a deflate stream: input left over proves the end was
  // reached, while input used up leaves it open.
  if (!whole && consumed === input.byteLength) return OPEN;

  const { buffer } = result;
  return { compressedSize: consumed, size: buffer.byteLength, crc32: zlib.crc32(buffer) };
}

async function inflateStreaming(
  feed: ByteFeed,
  compressedSize: number | null,
  expectedSize: number | null,
  entry: string,
): Promise<Inflated> {
  const inflater = zlib.createInflateRaw({ chunkSize: STREAM_OUTPUT_CHUNK });
  const result: Inflated = { compressedSize: 0, size: 0, crc32: 0 };
  inflater.on("data", (out: Buffer) => {
    result.size += out.byteLength;
    result.crc32 = zlib.crc32(out, result.crc32);
    // Stop at once rather than inflate an unbounded stream into a size already known to be wrong.
    if (expectedSize !== null && result.size > expectedSize) inflater.destroy(sizeMismatch(entry));
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
      await writeTo(inflater, piece);

      const taken = inflater.bytesWritten - result.compressedSize;
      result.compressedSize += taken;
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

function badDeflate(entry: string, cause: unknown): ZipRejection {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return ZipRejection.corrupt(`Entry "${entry}" has bad deflate data (${detail}).`, {
    entry,
    cause,
  });
}

function endsEarly(entry: string): ZipRejection {
  return ZipRejection.corrupt(`Entry "${entry}": deflate data and compressed size disagree.`, {
    entry,
  });
}

export function sizeMismatch(entry: string): ZipRejection {
  return ZipRejection.invalid("size_mismatch", `Entry "${entry}" inflates to a different size.`, {
    entry,
  });
}
