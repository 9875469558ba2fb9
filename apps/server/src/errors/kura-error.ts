import { GraphQLError } from "graphql";
import { ERROR_STATUS, type ErrorCode } from "./codes.js";

/** Details a client may rely on, sent beside `code` in `extensions`. */
export interface ErrorDetails {
  reason?: string;
  entry?: string;
  limit?: string;
  [key: string]: string | number | undefined;
}

/**
 * The one error type clients see. Build it through the factories below so that the code, message
 * and details of each kind of failure are decided in one place.
 */
export class KuraError extends GraphQLError {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}, cause?: unknown) {
    const extensions: Record<string, unknown> = { code };
    for (const [key, value] of Object.entries(details)) {
      if (value !== undefined) extensions[key] = value;
    }
    super(message, { extensions, originalError: cause instanceof Error ? cause : undefined });
    this.name = "KuraError";
    this.code = code;
    this.details = details;
    if (cause !== undefined) this.cause = cause;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  static badInput(message: string, reason?: string): KuraError {
    return new KuraError("BAD_USER_INPUT", message, { reason });
  }

  static invalidZip(reason: string, message: string, entry?: string): KuraError {
    return new KuraError("INVALID_ZIP", message, { reason, entry });
  }

  static emptyArchive(): KuraError {
    return new KuraError("EMPTY_ARCHIVE", "The archive holds no entries.", {
      reason: "no_entries",
    });
  }

  static payloadTooLarge(maxBytes: number): KuraError {
    return new KuraError(
      "PAYLOAD_TOO_LARGE",
      `The upload exceeds the limit of ${maxBytes} bytes.`,
      {
        reason: "max_upload_bytes",
        limit: "maxUploadBytes",
        maxBytes,
      },
    );
  }

  static checksumMismatch(expected: string, actual: string): KuraError {
    return new KuraError(
      "CHECKSUM_MISMATCH",
      `SHA-256 of the received bytes is ${actual}, not the ${expected} the client declared.`,
      { reason: "sha256", expected, actual },
    );
  }

  static clientClosed(cause?: unknown): KuraError {
    return new KuraError(
      "CLIENT_CLOSED_REQUEST",
      "The client closed the request before the upload finished.",
      { reason: "disconnected" },
      cause,
    );
  }

  static notFound(what: string, id: string): KuraError {
    return new KuraError("NOT_FOUND", `No ${what} with id ${id}.`, { reason: "not_found" });
  }

  /**
   * Object storage could not be reached, timed out, failed on its side, or returned bytes whose
   * CRC-64 differs from what Kura sent. Retrying later may succeed. `cause` must carry no secret.
   */
  static storageUnavailable(reason: string, message: string, cause?: unknown): KuraError {
    return new KuraError("STORAGE_UNAVAILABLE", message, { reason }, cause);
  }

  /** Object storage refused the request (bad credentials, no permission, unknown bucket...). */
  static storageRejected(reason: string, message: string, cause?: unknown): KuraError {
    return new KuraError("STORAGE_REJECTED", message, { reason }, cause);
  }

  static internal(cause: unknown): KuraError {
    return new KuraError("INTERNAL_SERVER_ERROR", "Internal server error.", {}, cause);
  }
}
