/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type UploadFilter = {
  /** Only uploads created strictly after this time. */
  createdAfter?: string | null | undefined;
  /** Only uploads created strictly before this time. */
  createdBefore?: string | null | undefined;
  /** Substring of the file name, matched after Unicode NFKC normalisation and lower-casing of both. */
  filenameContains?: string | null | undefined;
  /** Only uploads with this SHA-256 (hex). */
  sha256?: string | null | undefined;
};

export type DeleteUploadMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteUploadMutation = { deleteUpload: boolean };

export type DownloadUrlQueryVariables = Exact<{
  id: string | number;
  expiresIn?: number | null | undefined;
}>;


export type DownloadUrlQuery = { upload: { downloadUrl: string } | null };

export type EntriesQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
  pathPrefix?: string | null | undefined;
}>;


export type EntriesQuery = { upload: { entries: { edges: Array<{ cursor: string, node: { path: string, size: number, compressedSize: number, crc32: number, method: number, isDirectory: boolean, modifiedAt: string | null, isMetadata: boolean, verified: boolean } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type EntryFieldsFragment = { path: string, size: number, compressedSize: number, crc32: number, method: number, isDirectory: boolean, modifiedAt: string | null, isMetadata: boolean, verified: boolean };

export type UploadFieldsFragment = { id: string, filename: string, size: number, sha256: string, contentType: string, entryCount: number, uncompressedSize: number, verified: boolean, createdAt: string };

export type UploadZipMutationVariables = Exact<{
  file: null;
  sha256?: string | null | undefined;
}>;


export type UploadZipMutation = { uploadZip: { id: string, filename: string, size: number, sha256: string, contentType: string, entryCount: number, uncompressedSize: number, verified: boolean, createdAt: string } };

export type UploadQueryVariables = Exact<{
  id: string | number;
}>;


export type UploadQuery = { upload: { id: string, filename: string, size: number, sha256: string, contentType: string, entryCount: number, uncompressedSize: number, verified: boolean, createdAt: string } | null };

export type UploadsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: UploadFilter | null | undefined;
}>;


export type UploadsQuery = { uploads: { totalCount: number, edges: Array<{ cursor: string, node: { id: string, filename: string, size: number, sha256: string, contentType: string, entryCount: number, uncompressedSize: number, verified: boolean, createdAt: string } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const EntryFieldsFragmentDoc = new TypedDocumentString(`
    fragment EntryFields on Entry {
  path
  size
  compressedSize
  crc32
  method
  isDirectory
  modifiedAt
  isMetadata
  verified
}
    `, {"fragmentName":"EntryFields"}) as unknown as TypedDocumentString<EntryFieldsFragment, unknown>;
export const UploadFieldsFragmentDoc = new TypedDocumentString(`
    fragment UploadFields on Upload {
  id
  filename
  size
  sha256
  contentType
  entryCount
  uncompressedSize
  verified
  createdAt
}
    `, {"fragmentName":"UploadFields"}) as unknown as TypedDocumentString<UploadFieldsFragment, unknown>;
export const DeleteUploadDocument = new TypedDocumentString(`
    mutation DeleteUpload($id: ID!) {
  deleteUpload(id: $id)
}
    `) as unknown as TypedDocumentString<DeleteUploadMutation, DeleteUploadMutationVariables>;
export const DownloadUrlDocument = new TypedDocumentString(`
    query DownloadUrl($id: ID!, $expiresIn: Int) {
  upload(id: $id) {
    downloadUrl(expiresIn: $expiresIn)
  }
}
    `) as unknown as TypedDocumentString<DownloadUrlQuery, DownloadUrlQueryVariables>;
export const EntriesDocument = new TypedDocumentString(`
    query Entries($id: ID!, $first: Int, $after: String, $pathPrefix: String) {
  upload(id: $id) {
    entries(first: $first, after: $after, pathPrefix: $pathPrefix) {
      edges {
        cursor
        node {
          ...EntryFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    fragment EntryFields on Entry {
  path
  size
  compressedSize
  crc32
  method
  isDirectory
  modifiedAt
  isMetadata
  verified
}`) as unknown as TypedDocumentString<EntriesQuery, EntriesQueryVariables>;
export const UploadZipDocument = new TypedDocumentString(`
    mutation UploadZip($file: File!, $sha256: String) {
  uploadZip(file: $file, sha256: $sha256) {
    ...UploadFields
  }
}
    fragment UploadFields on Upload {
  id
  filename
  size
  sha256
  contentType
  entryCount
  uncompressedSize
  verified
  createdAt
}`) as unknown as TypedDocumentString<UploadZipMutation, UploadZipMutationVariables>;
export const UploadDocument = new TypedDocumentString(`
    query Upload($id: ID!) {
  upload(id: $id) {
    ...UploadFields
  }
}
    fragment UploadFields on Upload {
  id
  filename
  size
  sha256
  contentType
  entryCount
  uncompressedSize
  verified
  createdAt
}`) as unknown as TypedDocumentString<UploadQuery, UploadQueryVariables>;
export const UploadsDocument = new TypedDocumentString(`
    query Uploads($first: Int, $after: String, $filter: UploadFilter) {
  uploads(first: $first, after: $after, filter: $filter) {
    totalCount
    edges {
      cursor
      node {
        ...UploadFields
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment UploadFields on Upload {
  id
  filename
  size
  sha256
  contentType
  entryCount
  uncompressedSize
  verified
  createdAt
}`) as unknown as TypedDocumentString<UploadsQuery, UploadsQueryVariables>;