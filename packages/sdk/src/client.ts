import type { DocumentTypeDecoration } from "@graphql-typed-document-node/core";
import { KuraError } from "./errors.js";
import {
  DeleteUploadDocument,
  DownloadUrlDocument,
  EntriesDocument,
  type EntriesQuery,
  type EntryFieldsFragment,
  UploadDocument,
  type UploadFieldsFragment,
  type UploadFilter,
  UploadsDocument,
  type UploadsQuery,
  type UploadsQueryVariables,
  UploadZipDocument,
} from "./generated/graphql.js";
import { type Endpoint, type FetchLike, send } from "./transport/http.js";
import { interpretResponse } from "./transport/response.js";
import type { MultipartFields } from "./upload/multipart.js";
import type { OpenedFile, SourceHints, UploadProgress, UploadSource } from "./upload/source.js";
import type { SendUploadOptions } from "./upload/stream-upload.js";

/** An upload as Kura recorded it. `createdAt` is an ISO 8601 string. */
export type Upload = UploadFieldsFragment;

/** One page of `uploads`, newest first, with the cursor for the next. */
export type UploadPage = UploadsQuery["uploads"];

/** One entry of a stored archive, as its central directory lists it. */
export type Entry = EntryFieldsFragment;

/** One page of an upload's entries, in path order, with the cursor for the next. */
export type EntryPage = NonNullable<EntriesQuery["upload"]>["entries"];

/** Headers sent with every request, or a function that gives them (e.g. a fresh token). */
export type HeadersOption =
  | Record<string, string>
  | (() => Record<string, string> | Promise<Record<string, string>>);

export interface ClientOptions {
  /**
   * The server, e.g. `http://127.0.0.1:8080`: a bare origin means its `/graphql` endpoint; a URL
   * with a path is used as it is.
   */
  url: string;
  /** Extra headers for every request, such as `authorization`. */
  headers?: HeadersOption;
  /** A `fetch` to use instead of the global one (tests, proxies, instrumentation). */
  fetch?: FetchLike;
}

/** Options every call takes. */
export interface CallOptions {
  /** Cancels the call; it then rejects with the signal's reason (an `AbortError` by default). */
  signal?: AbortSignal;
}

export interface UploadZipOptions extends SourceHints, CallOptions {
  /** SHA-256 (hex) the bytes must have; the server refuses others with `CHECKSUM_MISMATCH`. */
  sha256?: string;
  /** Called as the file's bytes go out; the last call has `loaded` equal to the file's size. */
  onProgress?: (progress: UploadProgress) => void;
}

export interface AllUploadsOptions extends CallOptions {
  /** Uploads fetched per request; the server's default page size unless given. */
  pageSize?: number;
  filter?: UploadFilter;
}

export interface EntriesOptions extends CallOptions {
  /** Entries per page: the server's default (100) unless given. */
  first?: number;
  /** `pageInfo.endCursor` of the page before. */
  after?: string | null;
  /** Only entries whose path starts with this text, taken literally (`%` and `_` included). */
  pathPrefix?: string;
}

export interface AllEntriesOptions extends CallOptions {
  /** Entries fetched per request; the server's default page size unless given. */
  pageSize?: number;
  /** Only entries whose path starts with this text, taken literally. */
  pathPrefix?: string;
}

export interface DownloadUrlOptions extends CallOptions {
  /** Seconds the link stays valid: the server's default (900) unless given, at most 604800. */
  expiresIn?: number;
}

/** A typed GraphQL document as graphql-codegen generates it. */
export type TypedDocument<TResult, TVariables> = DocumentTypeDecoration<TResult, TVariables> & {
  toString(): string;
};

/** A Kura client; make one with `createClient`. */
export interface KuraClient {
  /**
   * Uploads one ZIP archive (GraphQL multipart request, CSRF header included) and resolves with
   * the stored upload. Rejects with `KuraError` when the server refuses the archive.
   */
  uploadZip(source: UploadSource, options?: UploadZipOptions): Promise<Upload>;
  /** One page of uploads, newest first. Pass `pageInfo.endCursor` as `after` for the next. */
  uploads(variables?: UploadsQueryVariables, options?: CallOptions): Promise<UploadPage>;
  /** Every upload matching `filter`, newest first, fetching page after page as it is iterated. */
  allUploads(options?: AllUploadsOptions): AsyncGenerator<Upload, void, undefined>;
  /** One upload by id, or `null` when there is none. */
  upload(id: string, options?: CallOptions): Promise<Upload | null>;
  /**
   * One page of an upload's entries in path order (by code point), or `null` when there is no
   * such upload. Pass `pageInfo.endCursor` as `after` for the next.
   */
  entries(id: string, options?: EntriesOptions): Promise<EntryPage | null>;
  /**
   * Every entry of an upload in path order, fetching page after page as it is iterated. Rejects
   * with a `KuraError` coded `NOT_FOUND` when there is no such upload (or it is deleted midway).
   */
  allEntries(id: string, options?: AllEntriesOptions): AsyncGenerator<Entry, void, undefined>;
  /**
   * A signed URL that downloads the archive (under its original file name) until it expires, or
   * `null` when there is no such upload. Anyone holding the URL can download; no headers needed.
   */
  downloadUrl(id: string, options?: DownloadUrlOptions): Promise<string | null>;
  /**
   * Deletes an upload, its stored bytes and then its record. Resolves `true` when this call
   * deleted it and `false` when there was no such upload, so repeating it is safe.
   */
  deleteUpload(id: string, options?: CallOptions): Promise<boolean>;
  /** Runs any generated document; the typed methods above are built on it. */
  request<TResult, TVariables>(
    document: TypedDocument<TResult, TVariables>,
    variables: TVariables,
    options?: CallOptions,
  ): Promise<TResult>;
}

/** What differs between Node and browsers: reading sources and sending multipart bodies. */
export interface Platform {
  open(source: UploadSource, hints: SourceHints): Promise<OpenedFile>;
  upload(
    endpoint: Endpoint,
    fields: MultipartFields,
    file: OpenedFile,
    options: SendUploadOptions & { customFetch: boolean },
  ): Promise<{ status: number; text: string }>;
}

export function createKuraClient(options: ClientOptions, platform: Platform): KuraClient {
  const endpoint = toEndpoint(options);

  async function request<TResult, TVariables>(
    document: TypedDocument<TResult, TVariables>,
    variables: TVariables,
    call: CallOptions = {},
  ): Promise<TResult> {
    const { status, text } = await send(endpoint, {
      method: "POST",
      headers: { ...(await endpoint.headers()), "content-type": "application/json" },
      body: JSON.stringify({ query: document.toString(), variables }),
      signal: call.signal,
    });
    return interpretResponse<TResult>(status, text);
  }

  async function uploads(variables: UploadsQueryVariables = {}, call?: CallOptions) {
    return (await request(UploadsDocument, variables, call)).uploads;
  }

  async function entries(id: string, { first, after, pathPrefix, signal }: EntriesOptions = {}) {
    const variables = { id, first, after, pathPrefix };
    return (await request(EntriesDocument, variables, { signal })).upload?.entries ?? null;
  }

  return {
    request,
    uploads,
    entries,

    async uploadZip(source, upload = {}) {
      const file = await platform.open(source, upload);
      const fields: MultipartFields = {
        query: UploadZipDocument.toString(),
        variables: { file: null, sha256: upload.sha256 ?? null },
        filePath: "variables.file",
      };
      const { status, text } = await platform.upload(endpoint, fields, file, {
        signal: upload.signal,
        onProgress: upload.onProgress,
        customFetch: options.fetch !== undefined,
      });
      return interpretResponse<{ uploadZip: Upload }>(status, text).uploadZip;
    },

    async *allUploads(all = {}) {
      let after: string | null = null;
      for (;;) {
        const page: UploadPage = await uploads(
          { first: all.pageSize, after, filter: all.filter },
          all,
        );
        for (const edge of page.edges) yield edge.node;
        if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return;
        after = page.pageInfo.endCursor;
      }
    },

    async upload(id, call) {
      return (await request(UploadDocument, { id }, call)).upload;
    },

    async *allEntries(id, all = {}) {
      let after: string | null = null;
      for (;;) {
        const page: EntryPage | null = await entries(id, {
          first: all.pageSize,
          after,
          pathPrefix: all.pathPrefix,
          signal: all.signal,
        });
        if (!page) throw noSuchUpload(id);
        for (const edge of page.edges) yield edge.node;
        if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return;
        after = page.pageInfo.endCursor;
      }
    },

    async downloadUrl(id, { expiresIn, signal } = {}) {
      const variables = { id, expiresIn };
      return (
        (await request(DownloadUrlDocument, variables, { signal })).upload?.downloadUrl ?? null
      );
    },

    async deleteUpload(id, call) {
      return (await request(DeleteUploadDocument, { id }, call)).deleteUpload;
    },
  };
}

/** The server answers a missing upload with `null`; midway through a walk that is a refusal. */
function noSuchUpload(id: string): KuraError {
  const extensions = { code: "NOT_FOUND", reason: "not_found" };
  return new KuraError(
    [{ message: `No upload with id ${id}.`, path: ["upload"], extensions }],
    200,
  );
}

function toEndpoint(options: ClientOptions): Endpoint {
  const url = new URL(options.url);
  if (url.pathname === "/" || url.pathname === "") url.pathname = "/graphql";
  const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const headers = options.headers;

  return {
    url: url.toString(),
    fetch: fetchImpl,
    headers: async () => (typeof headers === "function" ? await headers() : { ...headers }),
  };
}
