// The public surface both entry points share; each adds its own createClient.
export type {
  AllEntriesOptions,
  AllUploadsOptions,
  CallOptions,
  ClientOptions,
  DownloadUrlOptions,
  EntriesOptions,
  Entry,
  EntryPage,
  HeadersOption,
  KuraClient,
  TypedDocument,
  Upload,
  UploadPage,
  UploadZipOptions,
} from "./client.js";
export {
  type GraphQLErrorPayload,
  KuraError,
  type KuraErrorCode,
  KuraNetworkError,
} from "./errors.js";
export { SERVER_ERROR_STATUS, type ServerErrorCode } from "./generated/error-codes.js";
export type { UploadFilter, UploadsQueryVariables } from "./generated/graphql.js";
export type { FetchLike } from "./transport/http.js";
export type { UploadProgress, UploadSource } from "./upload/source.js";
