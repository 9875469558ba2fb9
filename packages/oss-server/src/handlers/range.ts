/** An inclusive byte range of an object. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Reads a single `bytes=` range. Returns undefined when there is no usable Range header (the
 * whole object is sent, as OSS does for syntax it does not accept, multiple ranges included),
 * and "unsatisfiable" when the range starts past the end.
 */
export function parseRange(
  header: string | undefined,
  size: number,
): ByteRange | "unsatisfiable" | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec((header ?? "").trim());
  if (match === null) return undefined;

  const [, first = "", last = ""] = match;
  if (first === "" && last === "") return undefined;
  if (size === 0) return "unsatisfiable";

  if (first === "") {
    // Suffix range: the last N bytes.
    const length = Number(last);
    if (length === 0) return "unsatisfiable";
    return { start: Math.max(0, size - length), end: size - 1 };
  }

  const start = Number(first);
  const end = last === "" ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== "" && Number(last) < start) return undefined;
  if (start >= size) return "unsatisfiable";
  return { start, end };
}
