import { ZipRejection } from "./rejection.js";

// C0 controls (NUL included), DEL and the C1 controls: never part of a file name anyone meant.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const DRIVE = /^[A-Za-z]:/;

/**
 * Refuses a name that would escape or confuse the folder it is extracted into. Both separators
 * count, since Windows tools treat `\` as one. The listing keeps names as data, but whoever
 * unpacks the archive later will not.
 */
export function checkEntryName(name: string, maxNameLength: number): void {
  if (name.length === 0) throw ZipRejection.unsafe("empty_name", name, "has an empty name");

  // Code units bound code points from above, so the exact count is only needed past the limit.
  if (name.length > maxNameLength && codePoints(name) > maxNameLength) {
    throw ZipRejection.limitExceeded(
      "maxNameLength",
      maxNameLength,
      `Entry name is ${codePoints(name)} characters long`,
      name,
    );
  }

  if (CONTROL.test(name)) {
    throw ZipRejection.unsafe("control_character", name, "has a control character in its name");
  }

  if (name.startsWith("/") || name.startsWith("\\")) {
    throw ZipRejection.unsafe("absolute_path", name, "has an absolute path");
  }

  if (DRIVE.test(name)) throw ZipRejection.unsafe("drive_letter", name, "names a drive");

  if (hasParentSegment(name)) {
    throw ZipRejection.unsafe("path_traversal", name, "climbs out of its folder with ..");
  }
}

function hasParentSegment(name: string): boolean {
  if (!name.includes("..")) return false;

  return name.split(/[/\\]/).includes("..");
}

function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** The key under which two names would land on the same file when extracted. */
export function clashKey(name: string): string {
  return name.includes("\\") ? name.replaceAll("\\", "/") : name;
}

const HOST_UNIX = 3;
const HOST_MACOS = 19;
const FILE_TYPE_MASK = 0o170000;
const SYMLINK = 0o120000;

/** Unix hosts keep the file mode in the high half of the external attributes. */
export function isSymlink(versionMadeBy: number, externalAttributes: number): boolean {
  const host = versionMadeBy >> 8;
  if (host !== HOST_UNIX && host !== HOST_MACOS) return false;

  return ((externalAttributes >>> 16) & FILE_TYPE_MASK) === SYMLINK;
}
