import { BigIntType, EntitySchema } from "@mikro-orm/core";

/** One stored archive: a row exists only while its object exists. */
export interface UploadRow {
  id: string;
  filename: string;
  /** `filename` as `filenameContains` searches it (see foldFilename). */
  filenameFolded: string;
  objectKey: string;
  size: number;
  sha256: string;
  contentType: string;
  entryCount: number;
  uncompressedSize: number;
  /** Every entry was inflated and its CRC-32 checked. */
  verified: boolean;
  /** Bytes before the first entry (a self-extracting stub, a launcher script). */
  prefixBytes: number;
  createdAt: Date;
}

export const UploadSchema = new EntitySchema<UploadRow>({
  name: "Upload",
  tableName: "uploads",
  properties: {
    id: { type: "string", primary: true, length: 36 },
    filename: { type: "string", length: 1024 },
    filenameFolded: { type: "text", fieldName: "filename_folded", lazy: true },
    objectKey: { type: "string", length: 512, fieldName: "object_key" },
    // Sizes beyond 2^31 are real (ZIP64); read them back as JS numbers, exact up to 2^53.
    size: { type: new BigIntType("number") },
    sha256: { type: "string", length: 64 },
    contentType: { type: "string", length: 255, fieldName: "content_type" },
    entryCount: { type: new BigIntType("number"), fieldName: "entry_count" },
    uncompressedSize: { type: new BigIntType("number"), fieldName: "uncompressed_size" },
    verified: { type: "boolean" },
    prefixBytes: { type: new BigIntType("number"), fieldName: "prefix_bytes" },
    createdAt: { type: "datetime", length: 3, fieldName: "created_at" },
  },
});
