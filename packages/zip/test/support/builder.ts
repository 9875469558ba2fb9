import { crc32, deflateRawSync } from "node:zlib";

/** One entry for `buildZip`, for archives no real tool will write. */
export interface EntrySpec {
  /** A string is written as UTF-8; bytes are written as they are. */
  name: string | Uint8Array;
  data?: string | Uint8Array;
  /** Default 8 (deflate). Any other method than 0 or 8 needs `compressed`. */
  method?: number;
  compressed?: Uint8Array;
  flags?: number;
  /** Flag bit 3 with the sizes and CRC after the data, with or without the optional signature. */
  descriptor?: "signed" | "unsigned";
  /** A ZIP64 extra field in both headers (and 64-bit descriptor sizes). */
  zip64?: boolean;
  /** A wrong CRC to record instead of the real one. */
  crc?: number;
  extra?: Uint8Array;
  /** Extra fields of one header only. */
  localExtra?: Uint8Array;
  centralExtra?: Uint8Array;
  dosDate?: number;
  dosTime?: number;
  /** The name the central directory records, when it should differ from the local one. */
  centralName?: string;
  /** "Version made by" and external attributes of the central record (host and file mode). */
  madeBy?: number;
  externalAttributes?: number;
  /** Sizes to declare instead of the real ones (a lying header). */
  declaredSize?: number;
  /** Where the central record says the local header is, instead of where it is. */
  centralOffset?: number;
  /** Only a central record, pointing at `centralOffset`: no local header or data is written. */
  centralOnly?: boolean;
}

export interface ArchiveSpec {
  entries: EntrySpec[];
  comment?: string | Uint8Array;
  /** Write a ZIP64 end record and locator before the end record. */
  zip64End?: boolean;
  /** Override the entry count in the end record. */
  endCount?: number;
  /** The order of the central records, as indexes into `entries` (default: theirs). */
  centralOrder?: number[];
}

const bytes = (value: string | Uint8Array | undefined): Buffer =>
  typeof value === "string" ? Buffer.from(value, "utf8") : Buffer.from(value ?? new Uint8Array());

export function le(width: 2 | 4 | 8, value: number): Buffer {
  const out = Buffer.alloc(width);
  if (width === 2) out.writeUInt16LE(value);
  else if (width === 4) out.writeUInt32LE(value);
  else out.writeBigUInt64LE(BigInt(value));
  return out;
}

export function extraField(id: number, data: Uint8Array): Buffer {
  return Buffer.concat([le(2, id), le(2, data.byteLength), data]);
}

/** Info-ZIP's Unicode Path field (0x7075) for a header whose name bytes are `headerName`. */
export function unicodePathField(
  utf8Name: string,
  headerName: Uint8Array,
  crc = crc32(headerName),
) {
  return extraField(0x7075, Buffer.concat([Buffer.of(1), le(4, crc), bytes(utf8Name)]));
}

interface Written {
  spec: EntrySpec;
  offset: number;
  name: Buffer;
  crc: number;
  size: number;
  compressedSize: number;
}

export function buildZip(archive: ArchiveSpec): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  const push = (part: Buffer) => {
    parts.push(part);
    offset += part.byteLength;
  };
  const written: Written[] = [];
  for (const spec of archive.entries) {
    const data = bytes(spec.data);
    const method = spec.method ?? 8;
    const compressed = Buffer.from(spec.compressed ?? (method === 8 ? deflateRawSync(data) : data));
    const entry: Written = {
      spec,
      offset,
      name: bytes(spec.name),
      crc: spec.crc ?? crc32(data),
      size: spec.declaredSize ?? data.byteLength,
      compressedSize: compressed.byteLength,
    };
    written.push(entry);
    if (spec.centralOnly) continue;

    push(localHeader(entry));
    push(compressed);
    if (spec.descriptor !== undefined) push(descriptor(entry));
  }

  const directoryStart = offset;
  const order = archive.centralOrder ?? written.map((_, index) => index);
  for (const index of order) push(centralHeader(written[index] as Written));
  const directorySize = offset - directoryStart;
  const count = archive.endCount ?? written.length;
  if (archive.zip64End) {
    const zip64End = offset;
    push(
      Buffer.concat([
        le(4, 0x06064b50),
        le(8, 44),
        le(2, 45),
        le(2, 45),
        le(4, 0),
        le(4, 0),
        le(8, count),
        le(8, count),
        le(8, directorySize),
        le(8, directoryStart),
      ]),
    );
    push(Buffer.concat([le(4, 0x07064b50), le(4, 0), le(8, zip64End), le(4, 1)]));
  }
  const comment = bytes(archive.comment);
  const saturate = archive.zip64End === true;
  push(
    Buffer.concat([
      le(4, 0x06054b50),
      le(2, 0),
      le(2, 0),
      le(2, saturate ? 0xffff : count),
      le(2, saturate ? 0xffff : count),
      le(4, saturate ? 0xffffffff : directorySize),
      le(4, saturate ? 0xffffffff : directoryStart),
      le(2, comment.byteLength),
      comment,
    ]),
  );
  return Buffer.concat(parts);
}

function flagsOf(spec: EntrySpec): number {
  return (spec.flags ?? 0) | (spec.descriptor === undefined ? 0 : 0x0008);
}

function localHeader(entry: Written): Buffer {
  const { spec } = entry;
  const streamed = spec.descriptor !== undefined;
  const zip64 = spec.zip64 === true;
  const extra = Buffer.concat([
    zip64
      ? extraField(
          0x0001,
          Buffer.concat([
            le(8, streamed ? 0 : entry.size),
            le(8, streamed ? 0 : entry.compressedSize),
          ]),
        )
      : Buffer.alloc(0),
    bytes(spec.extra),
    bytes(spec.localExtra),
  ]);
  const sized = (value: number) => (streamed ? 0 : zip64 ? 0xffffffff : value);
  return Buffer.concat([
    le(4, 0x04034b50),
    le(2, zip64 ? 45 : 20),
    le(2, flagsOf(spec)),
    le(2, spec.method ?? 8),
    le(2, spec.dosTime ?? 0),
    le(2, spec.dosDate ?? 0x21),
    le(4, streamed ? 0 : entry.crc),
    le(4, sized(entry.compressedSize)),
    le(4, sized(entry.size)),
    le(2, entry.name.byteLength),
    le(2, extra.byteLength),
    entry.name,
    extra,
  ]);
}

function descriptor(entry: Written): Buffer {
  const wide = entry.spec.zip64 === true;
  return Buffer.concat([
    entry.spec.descriptor === "signed" ? le(4, 0x08074b50) : Buffer.alloc(0),
    le(4, entry.crc),
    le(wide ? 8 : 4, entry.compressedSize),
    le(wide ? 8 : 4, entry.size),
  ]);
}

function centralHeader(entry: Written): Buffer {
  const { spec } = entry;
  const zip64 = spec.zip64 === true;
  const name = spec.centralName === undefined ? entry.name : bytes(spec.centralName);
  const extra = Buffer.concat([
    zip64
      ? extraField(
          0x0001,
          Buffer.concat([le(8, entry.size), le(8, entry.compressedSize), le(8, entry.offset)]),
        )
      : Buffer.alloc(0),
    bytes(spec.extra),
    bytes(spec.centralExtra),
  ]);
  return Buffer.concat([
    le(4, 0x02014b50),
    le(2, spec.madeBy ?? 0x031e),
    le(2, zip64 ? 45 : 20),
    le(2, flagsOf(spec)),
    le(2, spec.method ?? 8),
    le(2, spec.dosTime ?? 0),
    le(2, spec.dosDate ?? 0x21),
    le(4, entry.crc),
    le(4, zip64 ? 0xffffffff : entry.compressedSize),
    le(4, zip64 ? 0xffffffff : entry.size),
    le(2, name.byteLength),
    le(2, extra.byteLength),
    le(2, 0),
    le(2, 0),
    le(2, 0),
    le(4, spec.externalAttributes ?? 0),
    le(4, zip64 ? 0xffffffff : (spec.centralOffset ?? entry.offset)),
    name,
    extra,
  ]);
}
