import { GraphQLSafeInt } from "graphql-scalars";
import { Field, ID, ObjectType } from "type-graphql";
import type { UploadRow } from "../db/upload-entity.js";

@ObjectType("Upload", { description: "A ZIP archive Kura accepted and stored." })
export class UploadType {
  @Field(() => ID, { description: "Time-ordered UUIDv7; not guessable." })
  id!: string;

  @Field(() => String, { description: "The file name exactly as the client sent it." })
  filename!: string;

  @Field(() => GraphQLSafeInt, { description: "Size of the archive in bytes." })
  size!: number;

  @Field(() => String, { description: "SHA-256 of the archive, lower-case hex." })
  sha256!: string;

  @Field(() => String)
  contentType!: string;

  @Field(() => GraphQLSafeInt, { description: "Entries in the central directory." })
  entryCount!: number;

  @Field(() => GraphQLSafeInt, { description: "Sum of the entries' uncompressed sizes, in bytes." })
  uncompressedSize!: number;

  @Field(() => Boolean, {
    description:
      "Every entry was inflated and its CRC-32 checked (false under structure-only checks).",
  })
  verified!: boolean;

  @Field(() => Date, { description: "When Kura accepted the upload (ISO 8601)." })
  createdAt!: Date;

  /** Where the bytes are in the object store; not exposed to clients. */
  objectKey!: string;

  static from(row: UploadRow): UploadType {
    return Object.assign(new UploadType(), {
      id: row.id,
      objectKey: row.objectKey,
      filename: row.filename,
      size: row.size,
      sha256: row.sha256,
      contentType: row.contentType,
      entryCount: row.entryCount,
      uncompressedSize: row.uncompressedSize,
      verified: row.verified,
      createdAt: row.createdAt,
    });
  }
}
