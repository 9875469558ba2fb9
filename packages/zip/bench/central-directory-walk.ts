/** Where one entry's data lies, as the central directory and its local header place it. */
export interface EntrySpan {
  method: number;
  dataStart: number;
  compressedSize: number;
}

const END = 0x06054b50;
const CENTRAL = 0x02014b50;

/**
 * Finds every entry's data in an archive held in memory, the way an unzip tool does (end record,
 * central directory, local header). Only what the benchmark's bare loop needs: no ZIP64, no checks.
 */
export function entrySpans(zip: Buffer): EntrySpan[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end === -1 || zip.readUInt32LE(end) !== END) throw new Error("no end record");

  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  if (count === 0xffff || at === 0xffffffff) throw new Error("ZIP64 archives are not walked here");

  const spans: EntrySpan[] = [];
  for (let index = 0; index < count; index++) {
    if (zip.readUInt32LE(at) !== CENTRAL) throw new Error(`no central header at ${at}`);

    const local = zip.readUInt32LE(at + 42);
    spans.push({
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      dataStart: local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28),
    });
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return spans;
}
