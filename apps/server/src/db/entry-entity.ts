import { BigIntType, EntitySchema } from "@mikro-orm/core";

/** One entry of a stored archive, as the central directory lists it. */
export interface EntryRow {
  uploadId: string;
  /** Position in the central directory, from 0. */
  ordinal: number;
  path: string;
  size: number;
  compressedSize: number;
  crc32: number;
  method: number;
  isDirectory: boolean;
  modifiedAt: Date | null;
  isMetadata: boolean;
  verified: boolean;
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
