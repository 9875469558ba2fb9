import { createHmac, timingSafeEqual } from "node:crypto";

/** The path under which Kura serves local-store downloads itself. */
export const DOWNLOAD_PATH = "/download/";

export interface SignedDownload {
  key: string;
  filename: string;
}

export type DownloadCheck =
  | { ok: true; download: SignedDownload }
  | { ok: false; reason: "malformed" | "expired" | "signature" };

/**
 * A path and query that let whoever holds it read one object until `expiresAt` (Unix seconds),
 * under one file name: an HMAC-SHA256 over all three, so none can be changed.
 */
export function signDownload(
  secret: Buffer,
  key: string,
  filename: string,
  expiresAt: number,
): string {
  const query = new URLSearchParams({
    expires: String(expiresAt),
    filename,
    signature: mac(secret, key, filename, expiresAt),
  });
  return `${DOWNLOAD_PATH}${key.split("/").map(encodeURIComponent).join("/")}?${query}`;
}

/** Checks a request URL made by `signDownload`; `now` in Unix seconds. */
export function verifyDownload(secret: Buffer, url: URL, now: number): DownloadCheck {
  if (!url.pathname.startsWith(DOWNLOAD_PATH)) return { ok: false, reason: "malformed" };

  let key: string;
  try {
    key = decodeURIComponent(url.pathname.slice(DOWNLOAD_PATH.length));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  const expires = url.searchParams.get("expires") ?? "";
  const filename = url.searchParams.get("filename");
  const signature = url.searchParams.get("signature") ?? "";
  if (!/^\d{1,12}$/.test(expires) || filename === null || key === "") {
    return { ok: false, reason: "malformed" };
  }

  const expected = Buffer.from(mac(secret, key, filename, Number(expires)));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: "signature" };
  }
  // Checked after the signature, so an expired link is reported as expired only when genuine.
  if (Number(expires) < now) return { ok: false, reason: "expired" };

  return { ok: true, download: { key, filename } };
}

function mac(secret: Buffer, key: string, filename: string, expiresAt: number): string {
  // Newlines cannot occur in a key, and the file name is last, so the fields cannot be shifted.
  return createHmac("sha256", secret)
    .update(`GET\n${key}\n${expiresAt}\n${filename}`)
    .digest("base64url");
}
