import { u16, u32 } from "./bytes.js";
import { type CentralRecord, readCentralRecord, takeCentralRecord } from "./central-directory.js";
import { peekSignature } from "./end-records.js";
import type { ByteFeed } from "./feed.js";
import type { LocalEntries } from "./local-entries.js";
import type { LocalEntry } from "./local-entry.js";
import { spellsLatin1 } from "./names.js";
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
  locals: LocalEntries<LocalEntry>,
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
    const confirmed =
      ordered && base !== null ? confirmPlainRecord(feed, locals, base, listed) : null;
    if (confirmed !== null) {
      zip64 ||= confirmed.zip64;
      listed++;
      next = feed.queued >= 4 ? feed.u32At(0) : await peekSignature(feed);
      continue;
    }

    const record = takeCentralRecord(feed) ?? (await readCentralRecord(feed));
    // A stub prepended without `zip -A` leaves offsets relative to the archive, not the file.
    base ??= locals.containing(record.localOffset)?.offset === record.localOffset ? 0 : prefixBytes;
    const local = locals.at(record.localOffset + base);
    if (local === undefined || local.listed) {
      throw strayRecord(record, record.localOffset + base, locals);
    }

    local.listed = true;
    checkAgainstLocal(record, local);
    checkPolicy(record, local, limits);
    renamed ||= record.path !== local.name;
    zip64 ||= record.zip64 || local.zip64;
    if (ordered && local.index !== listed) {
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
        local.verified,
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
  if (renamed) entries.checkClashes();
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
 * no saturated field, not a link, and the next local entry in order, with the same plain name,
 * facts and time. Returns that entry, or null having consumed and changed nothing, and the
 * general path decides: the same line for a record this path would take, and every refusal.
 */
function confirmPlainRecord(
  feed: ByteFeed,
  locals: LocalEntries<LocalEntry>,
  base: number,
  index: number,
): LocalEntry | null {
  if (feed.queued < CENTRAL_HEADER_SIZE) return null;

  const bytes = feed.span(CENTRAL_HEADER_SIZE);
  const at = feed.spanAt;
  const nameLength = u16(bytes, at + 28);
  const length = CENTRAL_HEADER_SIZE + nameLength + u16(bytes, at + 32);
  if (u16(bytes, at + 30) !== 0 || bytes.byteLength - at < length) return null;

  const compressedSize = u32(bytes, at + 20);
  const size = u32(bytes, at + 24);
  const offset = u32(bytes, at + 42);
  const saturated = compressedSize === MAX_U32 || size === MAX_U32 || offset === MAX_U32;
  if (saturated || u16(bytes, at + 34) !== 0) return null;

  const local = locals.at(offset + base);
  if (
    local === undefined ||
    local.index !== index ||
    local.listed ||
    !local.plainName ||
    local.rawName.length !== nameLength ||
    local.method !== u16(bytes, at + 10) ||
    local.crc32 !== u32(bytes, at + 16) ||
    local.compressedSize !== compressedSize ||
    local.size !== size ||
    local.stamp !== u32(bytes, at + 12) ||
    isSymlink(u16(bytes, at + 4), u32(bytes, at + 38)) ||
    !spellsLatin1(bytes, at + CENTRAL_HEADER_SIZE, local.rawName)
  ) {
    return null;
  }

  local.listed = true;
  feed.skip(length);
  return local;
}

function checkAgainstLocal(record: CentralRecord, local: LocalEntry): void {
  const entry = record.path;
  if (record.disk !== 0) {
    throw ZipRejection.invalid("multi_disk", `Entry "${entry}" lies on another disk.`, { entry });
  }

  if (record.rawName !== local.rawName) {
    throw directoryMismatch(`Entry "${entry}": the local header names it "${local.name}".`, entry);
  }

  if (record.method !== local.method) {
    throw directoryMismatch(`Entry "${entry}": the local header gives another method.`, entry);
  }

  if (record.crc32 !== local.crc32) {
    throw directoryMismatch(`Entry "${entry}": the local header records another CRC-32.`, entry);
  }

  if (record.compressedSize !== local.compressedSize || record.size !== local.size) {
    throw directoryMismatch(`Entry "${entry}": its data has other sizes.`, entry);
  }
}

function checkPolicy(record: CentralRecord, local: LocalEntry, limits: ZipLimits): void {
  const entry = record.path;
  // The local header's name passed the same checks; the directory's is judged only if it differs.
  if (entry !== local.name) checkEntryName(entry, limits.maxNameLength);
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
function strayRecord(
  record: CentralRecord,
  offset: number,
  locals: LocalEntries<LocalEntry>,
): ZipRejection {
  const owner = locals.containing(offset);
  if (owner !== undefined) {
    return ZipRejection.bomb(
      "overlapping_entries",
      `Entry "${record.path}" points into the bytes of entry "${owner.name}".`,
      record.path,
    );
  }

  return ZipRejection.corrupt(
    `Entry "${record.path}": the central directory points at ${record.localOffset}, ` +
      "where no unclaimed local header starts.",
    { entry: record.path },
  );
}
