/** Every error code this server sends, with the HTTP status OSS pairs it with. */
export const ERROR_STATUS = {
  AccessDenied: 403,
  SignatureDoesNotMatch: 403,
  InvalidAccessKeyId: 403,
  InvalidSecurityToken: 403,
  RequestTimeTooSkewed: 403,
  InvalidArgument: 400,
  InvalidObjectName: 400,
  InvalidDigest: 400,
  InvalidPart: 400,
  InvalidPartOrder: 400,
  EntityTooSmall: 400,
  MalformedXML: 400,
  IncompleteBody: 400,
  NoSuchBucket: 404,
  NoSuchKey: 404,
  NoSuchUpload: 404,
  InvalidRange: 416,
  InternalError: 500,
  NotImplemented: 501,
  ServiceUnavailable: 503,
} as const;

export type OssErrorCode = keyof typeof ERROR_STATUS;

/** An error answered to the client as OSS's XML error body. */
export class OssError extends Error {
  readonly code: string;
  readonly status: number;
  /** Extra elements of the XML body, e.g. the bucket or key concerned. */
  readonly details: Record<string, string>;
  /** Response headers the error carries, e.g. Content-Range on 416. */
  readonly headers: Record<string, string>;

  constructor(
    code: string,
    status: number,
    message: string,
    details: Record<string, string> = {},
    options: { cause?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "OssError";
    this.code = code;
    this.status = status;
    this.details = details;
    this.headers = options.headers ?? {};
  }
}

function make(
  code: OssErrorCode,
  message: string,
  details?: Record<string, string>,
  headers?: Record<string, string>,
): OssError {
  return new OssError(code, ERROR_STATUS[code], message, details, { headers });
}

export const ossErrors = {
  accessDenied: (message = "You have no right to access this object.") =>
    make("AccessDenied", message),
  expired: (expires: string, now: number) =>
    make("AccessDenied", "Request has expired.", {
      Expires: new Date(Number(expires) * 1000).toISOString(),
      ServerTime: new Date(now).toISOString(),
    }),
  signatureMismatch: (stringToSign: string) =>
    make(
      "SignatureDoesNotMatch",
      "The request signature we calculated does not match the signature you provided.",
      { StringToSign: stringToSign },
    ),
  unknownAccessKey: (accessKeyId: string) =>
    make(
      "InvalidAccessKeyId",
      "The OSS Access Key Id you provided does not exist in our records.",
      {
        OSSAccessKeyId: accessKeyId,
      },
    ),
  invalidSecurityToken: () =>
    make("InvalidSecurityToken", "The security token you provided is invalid."),
  timeTooSkewed: (requestTime: string) =>
    make(
      "RequestTimeTooSkewed",
      "The difference between the request time and the current time is too large.",
      { RequestTime: requestTime, ServerTime: new Date().toUTCString() },
    ),
  invalidArgument: (message: string) => make("InvalidArgument", message),
  invalidObjectName: (key: string) =>
    make("InvalidObjectName", "The specified object name is not valid.", { Key: key }),
  invalidDigest: () => make("InvalidDigest", "The Content-MD5 you specified is not valid."),
  invalidPart: (partNumber: number) =>
    make(
      "InvalidPart",
      "One or more of the specified parts could not be found or the specified entity tag might not have matched the part's entity tag.",
      { PartNumber: String(partNumber) },
    ),
  invalidPartOrder: () => make("InvalidPartOrder", "The list of parts was not in ascending order."),
  entityTooSmall: (partNumber: number) =>
    make("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size.", {
      PartNumber: String(partNumber),
    }),
  malformedXml: (why: string) =>
    make("MalformedXML", `The XML you provided was not well-formed: ${why}`),
  incompleteBody: () =>
    make("IncompleteBody", "You did not provide the number of bytes specified by Content-Length."),
  noSuchBucket: (bucket: string) =>
    make("NoSuchBucket", "The specified bucket does not exist.", { BucketName: bucket }),
  noSuchKey: (key: string) => make("NoSuchKey", "The specified key does not exist.", { Key: key }),
  noSuchUpload: (uploadId: string) =>
    make(
      "NoSuchUpload",
      "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
      { UploadId: uploadId },
    ),
  invalidRange: (size: number) =>
    make(
      "InvalidRange",
      "The requested range cannot be satisfied.",
      { ActualObjectSize: String(size) },
      { "Content-Range": `bytes */${size}` },
    ),
  notImplemented: (operation: string) =>
    make("NotImplemented", `${operation} is not implemented by the Kura OSS server.`),
  internal: () => make("InternalError", "We encountered an internal error. Please try again."),
};

/** Unexpected errors become InternalError for the client; the original stays as `cause`. */
export function toOssError(error: unknown): OssError {
  if (error instanceof OssError) return error;

  const masked = ossErrors.internal();
  return new OssError(masked.code, masked.status, masked.message, {}, { cause: error });
}
