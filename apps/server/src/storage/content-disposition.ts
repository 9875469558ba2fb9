/**
 * `attachment` with the file name twice: `filename*` (RFC 5987/6266, UTF-8 percent-encoded), which
 * every current browser prefers, and a plain ASCII `filename` for older clients and curl's `-OJ`
 * (which ignores `filename*`), with anything outside printable ASCII, quotes, backslashes and
 * slashes replaced by `_`.
 */
export function attachmentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\/]/gu, "_");
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(filename)}`;
}

// encodeURIComponent leaves ' ( ) * alone, but RFC 5987's attr-char does not allow them.
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
