/** Why an archive was refused; the server maps each code to a client-facing error. */
export type ZipRejectionCode =
  | "INVALID_ZIP"
  | "EMPTY_ARCHIVE"
  | "ENCRYPTED_ENTRY"
  | "UNSAFE_ENTRY"
  | "ZIP_BOMB"
  | "LIMIT_EXCEEDED";

interface RejectionDetails {
  entry?: string;
  limit?: string;
  cause?: unknown;
}

/** The one error type the inspector rejects with. */
export class ZipRejection extends Error {
  override readonly name = "ZipRejection";
  readonly code: ZipRejectionCode;
  /** A snake_case word for logs and metrics, e.g. `truncated` or `crc_mismatch`. */
  readonly reason: string;
  /** Decoded name of the offending entry, when there is one. */
  readonly entry?: string;
  /** Name of the limit that was exceeded, for `LIMIT_EXCEEDED`. */
  readonly limit?: string;

  constructor(
    code: ZipRejectionCode,
    reason: string,
    message: string,
    details: RejectionDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.reason = reason;
    if (details.entry !== undefined) this.entry = details.entry;
    if (details.limit !== undefined) this.limit = details.limit;
  }

  static invalid(reason: string, message: string, details?: RejectionDetails): ZipRejection {
    return new ZipRejection("INVALID_ZIP", reason, message, details);
  }

  static truncated(at: number): ZipRejection {
    return ZipRejection.invalid("truncated", `The archive ends early, at byte ${at}.`);
  }

  static corrupt(message: string, details?: RejectionDetails): ZipRejection {
    return ZipRejection.invalid("corrupt", message, details);
  }

  static empty(): ZipRejection {
    return new ZipRejection("EMPTY_ARCHIVE", "no_entries", "The archive holds no entries.");
  }

  static encrypted(entry: string): ZipRejection {
    return new ZipRejection("ENCRYPTED_ENTRY", "encrypted", `Entry "${entry}" is encrypted.`, {
      entry,
    });
  }
}
