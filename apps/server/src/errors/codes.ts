/**
 * Every error code a client can see in `extensions.code`, with the HTTP status it maps to when the
 * error ends the whole request (GraphQL field errors still answer 200 alongside partial data).
 */
export const ERROR_STATUS = {
  BAD_USER_INPUT: 400,
  BAD_REQUEST: 400,
  INVALID_ZIP: 422,
  EMPTY_ARCHIVE: 422,
  ENCRYPTED_ENTRY: 422,
  UNSAFE_ENTRY: 422,
  ZIP_BOMB: 422,
  LIMIT_EXCEEDED: 422,
  CHECKSUM_MISMATCH: 422,
  PAYLOAD_TOO_LARGE: 413,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  STORAGE_UNAVAILABLE: 503,
  STORAGE_REJECTED: 502,
  CLIENT_CLOSED_REQUEST: 499,
  INTERNAL_SERVER_ERROR: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];
