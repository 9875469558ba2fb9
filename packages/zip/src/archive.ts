import { ArchiveBudget } from "./budget.js";
import { type Directory, readDirectory } from "./directory.js";
import { type ArchiveEnd, badSignature, peekSignature, readEndRecords } from "./end-records.js";
import type { ByteFeed } from "./feed.js";
import { InflateQueue } from "./inflate-queue.js";
import { LocalEntries } from "./local-entries.js";
import { readLocalEntry } from "./local-entry.js";
import type { ResolvedOptions } from "./options.js";
import { findArchiveStart } from "./prefix.js";
import { takeLocalEntry } from "./queued-entry.js";
import { ZipRejection } from "./rejection.js";
import { CENTRAL_HEADER, END_OF_CENTRAL_DIRECTORY, LOCAL_HEADER, ZIP64_END } from "./signatures.js";
import { EntryList, type PackedSummary } from "./summary-transfer.js";

const DIRECTORY_OR_END = [CENTRAL_HEADER, ZIP64_END, END_OF_CENTRAL_DIRECTORY];

/**
 * Walks the archive front to back as its bytes arrive: local entries, central directory, end
 * records, then the end of the stream. Resolves with the packed summary or rejects with a
 * ZipRejection.
 * Entries whose bytes are all queued are read without a wait; the rest wait for their bytes.
 */
export async function inspectArchive(
  feed: ByteFeed,
  options: ResolvedOptions,
): Promise<PackedSummary> {
  const prefixBytes = await findArchiveStart(feed, options.limits.maxPrefixBytes);

  const locals = new LocalEntries();
  // Full verification inflates on another core while this one parses on.
  const queue = options.verify === "full" ? new InflateQueue() : null;
  const listing = new EntryList();
  const walk = { options, budget: new ArchiveBudget(options.limits), queue, locals, listing };
  let signature: number;
  try {
    signature = await peekSignature(feed);
    while (signature === LOCAL_HEADER) {
      if (takeLocalEntry(feed, walk) === null) await readLocalEntry(feed, walk);
      const room = queue?.room();
      if (room) await room;
      signature = feed.queued >= 4 ? feed.u32At(0) : await peekSignature(feed);
    }
    // Every entry's data has passed its checks before the directory is held against them.
    await queue?.drain();
  } catch (error) {
    // The queue's entries come before the one that failed here, and their data may fail too, on
    // the inflation worker, at a moment that depends on timing: the earliest failure is the
    // verdict, whatever the timing.
    throw (await queue?.firstFailure()) ?? error;
  }

  if (!DIRECTORY_OR_END.includes(signature)) {
    throw badSignature(feed, locals.size === 0 ? "first local header" : "next local header");
  }

  const directory = await readDirectory(feed, locals, listing, prefixBytes, options.limits);
  const next = directory.next;
  if (next !== ZIP64_END && next !== END_OF_CENTRAL_DIRECTORY) {
    throw badSignature(feed, "end of the central directory");
  }

  const end = await readEndRecords(feed, next);
  // Unzip tools find the end record by searching backwards from the end of the file, so bytes
  // after it could hold another end record and another listing than the one inspected here.
  if (await feed.fill(1)) {
    throw ZipRejection.invalid("trailing_data", `Bytes follow the end record at ${feed.position}.`);
  }

  checkEnd(end, directory);
  if (directory.entries.length === 0) throw ZipRejection.empty();

  return summarise(prefixBytes, directory, end);
}

function checkEnd(end: ArchiveEnd, directory: Directory): void {
  if (end.entryCount !== directory.entries.length) {
    throw ZipRejection.corrupt(
      `The end record counts ${end.entryCount} entries; the central directory has ` +
        `${directory.entries.length}.`,
    );
  }

  if (
    end.directorySize !== directory.size ||
    end.directoryOffset + directory.base !== directory.start
  ) {
    throw ZipRejection.corrupt("The end record misplaces the central directory.");
  }

  if (end.zip64End !== null && end.zip64End.declared + directory.base !== end.zip64End.actual) {
    throw ZipRejection.corrupt("The ZIP64 locator misplaces the ZIP64 end record.");
  }
}

function summarise(prefixBytes: number, directory: Directory, end: ArchiveEnd): PackedSummary {
  const { entries } = directory;
  return entries.pack({
    entryCount: entries.length,
    uncompressedSize: entries.uncompressedSize,
    compressedSize: entries.compressedSize,
    prefixBytes,
    zip64: directory.zip64 || end.zip64,
    comment: end.comment,
    verified: entries.verified,
  });
}
