import { viewOf } from "./byte-view.js";
import { u16 } from "./bytes.js";
import { type CentralRecord, readCentralRecord, takeCentralRecord } from "./central-directory.js";
import { peekSignature } from "./end-records.js";
import type { ByteFeed } from "./feed.js";
import type { LocalEntries } from "./local-entries.js";
import { checkEntryName, isSymlink } from "./names-policy.js";
import type { ZipLimits } from "./options.js";
import { ZipRejection } from "./rejection.js";
import { CENTRAL_HEADER, CENTRAL_HEADER_SIZE, DIGITAL_SIGNATURE, MAX_U32 } from "./signatures.js";
import { EntryList } from "./summary-transfer.js";

/** The central directory as read, each record matched to the local entry it describes. */
export interface Directory {
  entries: EntryList;
  start: number;
  size: number;
  /** What the directory's offsets are relative to: 0, or the stub length if no tool adjusted them. */
  base: number;
  zip64: boolean;
  /** The signature of the record after the directory. */
  next: number;
}

/**
 * Reads central directory records while they come and checks each against the local header it
 * points to, so that the listing a client sees is the data that was actually stored. The names
 * are judged again here: the listing takes them from the directory, not the local headers.
 *
 * The local entries' `listing` is the answer as long as the records list them in their order and
 * say no more of them than their headers did, as nearly all do: such a record is only checked. A
 * record that says more (another time, a Unicode Path field) rewrites its line; once one comes out
 * of order, the listing is built afresh from the records. A directory of thousands of records
 * arrives in a few chunks at the very end, where the upload waits for this walk.
 */
export async function readDirectory(
  feed: ByteFeed,
  locals: LocalEntries,
  listing: EntryList,
  prefixBytes: number,
  limits: ZipLimits,
): Promise<Directory> {
  const start = feed.position;
  let entries = listing;
  let ordered = true;
  let listed = 0;
  // The local names were checked for clashes as they came; the listing needs its own check only
  // if some directory name differs from its local header's.
  let renamed = false;
  let base: number | null = prefixBytes === 0 ? 0 : null;
  let zip64 = false;
  let next = feed.queued >= 4 ? feed.u32At(0) : await peekSignature(feed);
  while (next === CENTRAL_HEADER) {
    if (ordered && base !== null && confirmPlainRecord(feed, locals, base, listed)) {
      zip64 ||= locals.isZip64(listed);
      listed++;
      next = feed.queued >= 4 ? feed.u32At(0) : await peekSignature(feed);
      continue;
    }

    const record = takeCentralRecord(feed) ?? (await readCentralRecord(feed));
    // A stub prepended without `zip -A` leaves offsets relative to the archive, not the file.
    if (base === null) {
      const pointed = locals.containing(record.localOffset);
      base = pointed !== -1 && locals.offset(pointed) === record.localOffset ? 0 : prefixBytes;
    }
    const local = locals.at(record.localOffset + base);
    if (local === -1 || locals.isListed(local)) {
      throw strayRecord(record, record.localOffset + base, locals);
    }

    locals.markListed(local);
    checkAgainstLocal(record, locals, local);
    checkPolicy(record, locals.name(local), limits);
    renamed ||= record.path !== locals.name(local);
    zip64 ||= record.zip64 || locals.isZip64(local);
    if (ordered && local !== listed) {
      ordered = false;
      entries = listing.slice(listed);
    }
    if (ordered) {
      entries.rename(listed, record.path, record.modifiedAt, record.isMetadata);
    } else {
      entries.add(
        record.path,
        record.size,
        record.compressedSize,
        record.crc32,
        record.method,
        record.modifiedAt,
        record.isMetadata,
        locals.isVerified(local),
      );
    }
    listed++;
    next = feed.queued >= 4 ? feed.u32At(0) : await peekSignature(feed);
  }
  if (next === DIGITAL_SIGNATURE) {
    // Part of the directory by the spec; its content is not checked here.
    const head = await feed.read(6);
    await feed.discard(u16(head, 4));
    next = await peekSignature(feed);
  }
  // A listing still made by the local walk holds a line for every local entry, listed or not.
  if (renamed) entries.checkClashes(listed);
  if (listed !== locals.size) {
    throw directoryMismatch(
      `The central directory lists ${listed} entries; the archive holds ${locals.size}.`,
    );
  }

  return { entries, start, size: feed.position - start, base: base ?? 0, zip64, next };
}

/**
 * Checks the record at the feed's position without building it, in the common case that leaves
 * its listing line as the local entry made it: all of it queued in one chunk, no extra field and
 * no saturated field, not a link, and local entry `index` (the next in order), with the same
 * plain name, facts and time. Returns false having consumed and changed nothing otherwise, and the
 * general path decides: the same line for a record this path would take, and every refusal.
 */
function confirmPlainRecord(
  feed: ByteFeed,
  locals: LocalEntries,
  base: number,
  index: number,
): boolean {
  if (feed.queued < CENTRAL_HEADER_SIZE) return false;

  const bytes = feed.span(CENTRAL_HEADER_SIZE);
  const at = feed.spanAt;
  const fields = viewOf(bytes);
  const nameLength = fields.getUint16(at + 28, true);
  const length = CENTRAL_HEADER_SIZE + nameLength + fields.getUint16(at + 32, true);
  if (fields.getUint16(at + 30, true) !== 0 || bytes.byteLength - at < length) return false;

  const compressedSize = fields.getUint32(at + 20, true);
  const size = fields.getUint32(at + 24, true);
  const offset = fields.getUint32(at + 42, true);
  const saturated = compressedSize === MAX_U32 || size === MAX_U32 || offset === MAX_U32;
  if (saturated || fields.getUint16(at + 34, true) !== 0) return false;

  if (
    index >= locals.size ||
    locals.offset(index) !== offset + base ||
    locals.isListed(index) ||
    !locals.hasPlainName(index) ||
    locals.method(index) !== fields.getUint16(at + 10, true) ||
    locals.crc32(index) !== fields.getUint32(at + 16, true) ||
    locals.compressedSize(index) !== compressedSize ||
    locals.uncompressedSize(index) !== size ||
    locals.stamp(index) !== fields.getUint32(at + 12, true) ||
    isSymlink(fields.getUint16(at + 4, true), fields.getUint32(at + 38, true)) ||
    !locals.hasNameBytes(index, bytes, at + CENTRAL_HEADER_SIZE, nameLength)
  ) {
    return false;
  }

  locals.markListed(index);
  feed.skip(length);
  return true;
}

function checkAgainstLocal(record: CentralRecord, locals: LocalEntries, local: number): void {
  const entry = record.path;
  if (record.disk !== 0) {
    throw ZipRejection.invalid("multi_disk", `Entry "${entry}" lies on another disk.`, { entry });
  }

  if (!locals.hasRawName(local, record.rawName)) {
    const named = locals.name(local);
    throw directoryMismatch(`Entry "${entry}": the local header names it "${named}".`, entry);
  }

  if (record.method !== locals.method(local)) {
    throw directoryMismatch(`Entry "${entry}": the local header gives another method.`, entry);
  }

  if (record.crc32 !== locals.crc32(local)) {
    throw directoryMismatch(`Entry "${entry}": the local header records another CRC-32.`, entry);
  }

  if (
    record.compressedSize !== locals.compressedSize(local) ||
    record.size !== locals.uncompressedSize(local)
  ) {
    throw directoryMismatch(`Entry "${entry}": its data has other sizes.`, entry);
  }
}

function checkPolicy(record: CentralRecord, localName: string, limits: ZipLimits): void {
  const entry = record.path;
  // The local header's name passed the same checks; the directory's is judged only if it differs.
  if (entry !== localName) checkEntryName(entry, limits.maxNameLength);
  if (isSymlink(record.versionMadeBy, record.externalAttributes)) {
    throw ZipRejection.unsafe("symlink", entry, "is a symbolic link");
  }
}

/** The central directory says one thing and the local entries another. */
function directoryMismatch(detail: string, entry?: string): ZipRejection {
  return ZipRejection.invalid(
    "directory_mismatch",
    `The central directory disagrees with the local headers. ${detail}`,
    entry === undefined ? {} : { entry },
  );
}

/**
 * A record that points at no unclaimed local header. Pointing into bytes another entry already
 * owns is the overlapping-entries bomb: one small stretch of data listed, and inflated, many times.
 */
function strayRecord(record: CentralRecord, offset: number, locals: LocalEntries): ZipRejection {
  const owner = locals.containing(offset);
  if (owner !== -1) {
    return ZipRejection.bomb(
      "overlapping_entries",
      `Entry "${record.path}" points into the bytes of entry "${locals.name(owner)}".`,
      record.path,
    );
  }

  return ZipRejection.corrupt(
    `Entry "${record.path}": the central directory points at ${record.localOffset}, ` +
      "where no unclaimed local header starts.",
    { entry: record.path },
  );
}
