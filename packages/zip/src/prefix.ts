import { asBuffer, u16, u32 } from "./bytes.js";
import type { ByteFeed } from "./feed.js";
import { ZipRejection } from "./rejection.js";
import {
  END_OF_CENTRAL_DIRECTORY,
  LOCAL_HEADER,
  LOCAL_HEADER_BYTES,
  LOCAL_HEADER_SIZE,
  ZIP64_END,
} from "./signatures.js";

// What a file with data ahead of its first local header starts with: Windows and Unix
// self-extractor stubs, shell-script launchers of executable jars, and the split-archive marker.
const STUB_MAGICS = [
  [0x4d, 0x5a], // MZ
  [0x7f, 0x45, 0x4c, 0x46], // \x7fELF
  [0x23, 0x21], // #!
  [0xcf, 0xfa, 0xed, 0xfe], // Mach-O, 64-bit
  [0xce, 0xfa, 0xed, 0xfe], // Mach-O, 32-bit
  [0x50, 0x4b, 0x07, 0x08], // spanning marker
  [0x50, 0x4b, 0x30, 0x30], // "PK00", the same marker from older tools
];

function startsWithStub(head: Uint8Array): boolean {
  return STUB_MAGICS.some((magic) => magic.every((byte, at) => head[at] === byte));
}

// A stub's code may hold the four signature bytes as a constant; a real header also has sane fields.
function looksLikeLocalHeader(header: Uint8Array): boolean {
  const versionNeeded = u16(header, 4);
  const method = u16(header, 8);
  const nameLength = u16(header, 26);
  const knownMethod = method <= 20 || (method >= 93 && method <= 99);
  return (versionNeeded & 0xff) <= 100 && knownMethod && nameLength > 0;
}

/**
 * Positions the feed at the first local header (or the end record of an empty archive) and returns
 * how many bytes came before it. Unknown leading bytes are refused at once, so a non-ZIP upload
 * fails on its first chunk; only a recognised stub earns a search of up to `maxPrefix` bytes.
 */
export async function findArchiveStart(feed: ByteFeed, maxPrefix: number): Promise<number> {
  if (!(await feed.fill(1))) throw ZipRejection.invalid("empty_file", "The file is empty.");

  await feed.fill(4);
  const head = feed.peek(Math.min(4, feed.queued));
  if (head.byteLength === 4) {
    const signature = u32(head, 0);
    if (signature === LOCAL_HEADER) return 0;

    if (signature === END_OF_CENTRAL_DIRECTORY || signature === ZIP64_END) return 0;
  }

  if (!startsWithStub(head)) throw notZip();

  return searchPastStub(feed, maxPrefix);
}

async function searchPastStub(feed: ByteFeed, maxPrefix: number): Promise<number> {
  const start = feed.position;
  // Past the stub's first bytes, so its own magic is never mistaken for a header.
  feed.skip(1);
  while (feed.position - start <= maxPrefix) {
    if (!(await feed.fill(LOCAL_HEADER_SIZE))) throw notZip();

    const hit = findSignature(feed);
    if (hit === -1) {
      // Keep the last three bytes: they may begin a signature that ends in the next chunk.
      feed.skip(Math.max(1, feed.view().byteLength - 3));
      continue;
    }

    feed.skip(hit);
    if (feed.position - start > maxPrefix) break;

    await feed.fill(LOCAL_HEADER_SIZE);
    if (feed.queued >= LOCAL_HEADER_SIZE && looksLikeLocalHeader(feed.peek(LOCAL_HEADER_SIZE))) {
      return feed.position - start;
    }

    feed.skip(1);
  }
  throw notZip();
}

// Where the next local-header signature starts in the current chunk, or -1.
function findSignature(feed: ByteFeed): number {
  const view = feed.view();
  if (view.byteLength >= 4) return asBuffer(view).indexOf(LOCAL_HEADER_BYTES);

  // Too little left in this chunk for a whole signature: look across into the next one.
  return u32(feed.peek(4), 0) === LOCAL_HEADER ? 0 : -1;
}

function notZip(): ZipRejection {
  return ZipRejection.invalid("not_zip", "The file is not a ZIP archive.");
}
