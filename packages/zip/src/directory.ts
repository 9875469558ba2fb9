import { u16 } from "./bytes.js";
import { type CentralRecord, readCentralRecord, takeCentralRecord } from "./central-directory.js";
import { peekSignature } from "./end-records.js";
import type { ByteFeed } from "./feed.js";
import type { LocalEntry } from "./local-entry.js";
import { checkEntryName, clashKey, isSymlink } from "./names-policy.js";
import type { ZipLimits } from "./options.js";
import { ZipRejection } from "./rejection.js";
import { CENTRAL_HEADER, DIGITAL_SIGNATURE } from "./signatures.js";
import type { ZipEntryInfo } from "./summary.js";

/** The central directory as read, each record matched to the local entry it describes. */
export interface Directory {
  entries: ZipEntryInfo[];
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
 */
export async function readDirectory(
  feed: ByteFeed,
  locals: Map<number, LocalEntry>,
  prefixBytes: number,
  limits: ZipLimits,
): Promise<Directory> {
  const start = feed.position;
  const entries: ZipEntryInfo[] = [];
  const matched = new Set<number>();
  const names = new Set<string>();
  let base: number | null = prefixBytes === 0 ? 0 : null;
  let zip64 = false;
  let next = feed.queued >= 4 ? feed.u32At(0) : await peekSignature(feed);
  while (next === CENTRAL_HEADER) {
    const record = takeCentralRecord(feed) ?? (await readCentralRecord(feed));
    // A stub prepended without `zip -A` leaves offsets relative to the archive, not the file.
    base ??= locals.has(record.localOffset) ? 0 : prefixBytes;
    const local = locals.get(record.localOffset + base);
    if (local === undefined || matched.has(local.offset)) {
      throw strayRecord(record, record.localOffset + base, locals);
    }

    matched.add(local.offset);
    checkAgainstLocal(record, local);
    checkPolicy(record, names, limits);
    zip64 ||= record.zip64 || local.zip64;
    entries.push(toEntryInfo(record, local));
    next = feed.queued >= 4 ? feed.u32At(0) : await peekSignature(feed);
  }
  if (next === DIGITAL_SIGNATURE) {
    // Part of the directory by the spec; its content is not checked here.
    const head = await feed.read(6);
    await feed.discard(u16(head, 4));
    next = await peekSignature(feed);
  }
  if (entries.length !== locals.size) {
    throw ZipRejection.corrupt(
      `The central directory lists ${entries.length} entries; the archive holds ${locals.size}.`,
    );
  }

  return { entries, start, size: feed.position - start, base: base ?? 0, zip64, next };
}

function checkAgainstLocal(record: CentralRecord, local: LocalEntry): void {
  const entry = record.path;
  if (record.disk !== 0) {
    throw ZipRejection.invalid("multi_disk", `Entry "${entry}" lies on another disk.`, { entry });
  }

  if (record.rawName !== local.rawName || record.method !== local.method) {
    throw ZipRejection.corrupt(
      `Entry "${entry}": the central directory and the local header disagree on name or method.`,
      { entry },
    );
  }

  if (record.crc32 !== local.crc32) {
    throw ZipRejection.invalid(
      "crc_mismatch",
      `Entry "${entry}": the central directory records a different CRC-32.`,
      { entry },
    );
  }

  if (record.compressedSize !== local.compressedSize || record.size !== local.size) {
    throw ZipRejection.corrupt(
      `Entry "${entry}": the central directory and the data disagree on sizes.`,
      { entry },
    );
  }
}

function toEntryInfo(record: CentralRecord, local: LocalEntry): ZipEntryInfo {
  return {
    path: record.path,
    size: record.size,
    compressedSize: record.compressedSize,
    crc32: record.crc32,
    method: record.method,
    isDirectory: record.path.endsWith("/"),
    modifiedAt: record.modifiedAt,
    isMetadata: record.isMetadata,
    verified: local.verified,
  };
}

function checkPolicy(record: CentralRecord, names: Set<string>, limits: ZipLimits): void {
  const entry = record.path;
  checkEntryName(entry, limits.maxNameLength);
  if (isSymlink(record.versionMadeBy, record.externalAttributes)) {
    throw ZipRejection.unsafe("symlink", entry, "is a symbolic link");
  }

  const key = clashKey(entry);
  if (names.has(key)) throw ZipRejection.unsafe("duplicate_name", entry, "appears twice");

  names.add(key);
}

/**
 * A record that points at no unclaimed local header. Pointing into bytes another entry already
 * owns is the overlapping-entries bomb: one small stretch of data listed, and inflated, many times.
 */
function strayRecord(
  record: CentralRecord,
  offset: number,
  locals: Map<number, LocalEntry>,
): ZipRejection {
  const owner = locals.has(offset) ? locals.get(offset) : findOwner([...locals.values()], offset);
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

// Local entries come in stream order, so their spans are sorted and do not overlap.
function findOwner(sorted: LocalEntry[], offset: number): LocalEntry | undefined {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const local = sorted[middle] as LocalEntry;
    if (offset < local.offset) high = middle - 1;
    else if (offset >= local.end) low = middle + 1;
    else return local;
  }
  return undefined;
}
