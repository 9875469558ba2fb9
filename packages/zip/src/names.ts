import { isAscii } from "node:buffer";
import { TextDecoder } from "node:util";
import { asBuffer } from "./bytes.js";
import { unicodePathBytes } from "./extra-fields.js";

// Bytes 0x80-0xFF of IBM code page 437, the encoding the ZIP spec assumes when bit 11 is clear.
const CP437_HIGH =
  "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐" +
  "└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0";

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
const lenientUtf8 = new TextDecoder("utf-8");
// WHATWG's "shift_jis" is Microsoft's CP932, which is what Japanese Windows writes into ZIPs.
const strictShiftJis = new TextDecoder("shift_jis", { fatal: true });

export function decodeCp437(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) {
    text += byte < 0x80 ? String.fromCharCode(byte) : CP437_HIGH[byte - 0x80];
  }
  return text;
}

function tryDecode(decoder: TextDecoder, bytes: Uint8Array): string | null {
  try {
    return decoder.decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Decodes a name or comment. Flagged UTF-8 is trusted; otherwise the bytes are read as UTF-8 if
 * they are valid UTF-8 (many tools write UTF-8 without setting bit 11), then as CP932, whose
 * Japanese names are the commonest unflagged non-ASCII names, and finally as CP437.
 */
export function decodeText(bytes: Uint8Array, flaggedUtf8: boolean): string {
  // Most names are ASCII, which every candidate encoding reads alike.
  if (isAscii(bytes)) return asBuffer(bytes).toString("latin1");

  if (flaggedUtf8) return lenientUtf8.decode(bytes);

  return tryDecode(strictUtf8, bytes) ?? tryDecode(strictShiftJis, bytes) ?? decodeCp437(bytes);
}

/** Whether a latin1 string (one character per byte) holds only ASCII, as most names do. */
export function isAsciiText(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    if (text.charCodeAt(index) > 0x7f) return false;
  }
  return true;
}

/**
 * Whether a header's name is its latin1 text `rawText` as it stands: ASCII, which every encoding
 * reads alike, and no Unicode Path field to say otherwise.
 */
export function isPlainName(rawText: string, unicodePathField: Uint8Array | undefined): boolean {
  return unicodePathField === undefined && isAsciiText(rawText);
}

/** Finder litter that extraction tools usually drop. */
export function isMetadataPath(path: string): boolean {
  if (path === "__MACOSX" || path.startsWith("__MACOSX/")) return true;

  return path === ".DS_Store" || path.endsWith("/.DS_Store");
}

/**
 * The name of the record whose name bytes lie between `start` and `end` in `bytes`, and read as
 * latin1 make `rawText`: that text itself when it is ASCII and no Unicode Path field is given.
 */
export function recordName(
  bytes: Buffer,
  start: number,
  end: number,
  rawText: string,
  unicodePathField: Uint8Array | undefined,
  flaggedUtf8: boolean,
): string {
  if (isPlainName(rawText, unicodePathField)) return rawText;

  const rawName = bytes.subarray(start, end);
  return decodeEntryName(rawName, flaggedUtf8, unicodePathBytes(unicodePathField, rawName));
}

/** An entry name: Info-ZIP's Unicode Path field wins over the header bytes when it is current. */
export function decodeEntryName(
  raw: Uint8Array,
  flaggedUtf8: boolean,
  unicodePath: Uint8Array | null,
) {
  if (unicodePath !== null) return lenientUtf8.decode(unicodePath);

  return decodeText(raw, flaggedUtf8);
}
