import { KuraError } from "../../errors/kura-error.js";

/** What ali-oss puts on its errors; anything else thrown is not a storage answer. */
interface AliOssError {
  name?: string;
  /** HTTP status; -1 network failure, -2 timeout; absent on a response timeout. */
  status?: number;
  code?: string;
  requestId?: string;
}

// urllib's names for failures on the way to or from OSS.
const TRANSPORT_ERRORS =
  /^(ResponseTimeoutError|ConnectionTimeoutError|SocketAssignTimeoutError|RequestError|ResponseError)$/;

function isAliOssError(error: unknown): error is AliOssError {
  const candidate = error as AliOssError | undefined;
  return typeof candidate?.status === "number" || TRANSPORT_ERRORS.test(candidate?.name ?? "");
}

/** True for OSS's "no such object" answer. */
export function isNoSuchKey(error: unknown): boolean {
  return isAliOssError(error) && error.status === 404 && error.code !== "NoSuchBucket";
}

/**
 * Turns an ali-oss failure into the error clients see. ali-oss errors carry the signed request
 * (Authorization header, STS token) in their properties, so the cause kept for the server log is
 * a new error holding only the operation, status, OSS code and request id.
 */
export function storageError(action: string, error: unknown): unknown {
  if (error instanceof KuraError || !isAliOssError(error)) return error;

  const code = /^[A-Za-z]{1,64}$/.test(error.code ?? "") ? error.code : undefined;
  const cause = new Error(
    `OSS ${action} failed: ${error.name ?? "Error"} status=${error.status}` +
      `${code ? ` code=${code}` : ""}${error.requestId ? ` requestId=${error.requestId}` : ""}`,
  );

  // urllib marks network failures -1 and timeouts -2; ali-oss names response timeouts.
  const status = error.status ?? -1;
  if (status === -2 || /Timeout/.test(error.name ?? "")) {
    return KuraError.storageUnavailable("timeout", "Object storage did not answer in time.", cause);
  }
  if (status <= 0) {
    return KuraError.storageUnavailable("unreachable", "Object storage cannot be reached.", cause);
  }
  if (status >= 500) {
    return KuraError.storageUnavailable(
      "server_error",
      `Object storage failed (HTTP ${status}).`,
      cause,
    );
  }
  return KuraError.storageRejected(
    code ?? `http_${status}`,
    `Object storage refused the request${code ? ` (${code})` : ` (HTTP ${status})`}.`,
    cause,
  );
}

/** The CRC-64 OSS computed differs from the one Kura computed over the bytes it sent. */
export function crcMismatch(what: string, expected: string, actual: string | undefined): KuraError {
  return KuraError.storageUnavailable(
    "crc64_mismatch",
    "Object storage holds different bytes from those Kura sent; nothing was kept.",
    new Error(`CRC-64 of ${what}: sent ${expected}, OSS reports ${actual ?? "none"}`),
  );
}
