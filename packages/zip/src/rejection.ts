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

  /** `reason`: `zipcrypto` (flag bit 0), `aes` (method 99) or `strong_encryption` (flag bit 6). */
  static encrypted(entry: string, reason: string): ZipRejection {
    return new ZipRejection("ENCRYPTED_ENTRY", reason, `Entry "${entry}" is encrypted.`, {
      entry,
    });
  }

  /** A name or entry type that would write outside the target folder, or clash, on extraction. */
  static unsafe(reason: string, entry: string, why: string): ZipRejection {
    return new ZipRejection("UNSAFE_ENTRY", reason, `Entry "${entry}" ${why}.`, { entry });
  }

  /** An archive shaped to exhaust whoever unpacks it. */
  static bomb(reason: string, message: string, entry?: string): ZipRejection {
    return new ZipRejection("ZIP_BOMB", reason, message, entry === undefined ? {} : { entry });
  }

  /** `limit` is the name of the option in `ZipLimits`, e.g. `maxEntries`. */
  static limitExceeded(limit: string, value: number, message: string, entry?: string) {
    return new ZipRejection("LIMIT_EXCEEDED", snakeCase(limit), `${message} (limit ${value}).`, {
      limit,
      ...(entry === undefined ? {} : { entry }),
    });
  }
}

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
