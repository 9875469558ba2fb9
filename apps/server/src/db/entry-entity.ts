import type { ZipEntryInfo } from "@kura/zip";
import { BigIntType, EntitySchema } from "@mikro-orm/core";

/** One entry of a stored archive, as the inspector reported it, keyed by upload and position. */
export interface EntryRow extends ZipEntryInfo {
  uploadId: string;
  /** Position in the central directory, from 0. */
  ordinal: number;
}

export const EntrySchema = new EntitySchema<EntryRow>({
  name: "UploadEntry",
  tableName: "upload_entries",
  properties: {
    uploadId: { type: "string", primary: true, length: 36, fieldName: "upload_id" },
    ordinal: { type: "integer", primary: true },
    path: { type: "string", length: 700 },
    size: { type: new BigIntType("number") },
    compressedSize: { type: new BigIntType("number"), fieldName: "compressed_size" },
    crc32: { type: new BigIntType("number") },
    method: { type: "integer" },
    isDirectory: { type: "boolean", fieldName: "is_directory" },
    modifiedAt: { type: "datetime", length: 3, nullable: true, fieldName: "modified_at" },
    isMetadata: { type: "boolean", fieldName: "is_metadata" },
    verified: { type: "boolean" },
  },
});
