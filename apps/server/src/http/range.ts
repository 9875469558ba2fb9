/** An inclusive byte range inside an object of known size. */
export interface SatisfiableRange {
  start: number;
  end: number;
}

/**
 * Reads a `Range` header the way HTTP (RFC 9110) asks for a single range: `bytes=a-b`,
 * `bytes=a-` and `bytes=-n`. Anything else (no header, another unit, several ranges, nonsense)
 * means the whole object; a range that starts past the end is "unsatisfiable".
 */
export function parseRange(
  header: string | undefined,
  size: number,
): SatisfiableRange | "unsatisfiable" | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? "");
  if (!match) return undefined;

  const [, first = "", last = ""] = match;
  if (first === "" && last === "") return undefined;
  if (size === 0) return "unsatisfiable";

  if (first === "") {
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
