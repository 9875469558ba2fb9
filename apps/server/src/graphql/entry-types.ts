import { GraphQLSafeInt } from "graphql-scalars";
import { Field, Int, ObjectType } from "type-graphql";
import type { EntryRow } from "../db/entry-entity.js";
import { PageInfo } from "./connection-types.js";

@ObjectType("Entry", {
  description: "One entry of a stored archive, as its central directory lists it.",
})
export class EntryType {
  @Field(() => String, {
    description:
      "The name in the archive, decoded (UTF-8, CP932 or CP437). Data, never a path here.",
  })
  path!: string;

  @Field(() => GraphQLSafeInt, { description: "Uncompressed size in bytes." })
  size!: number;

  @Field(() => GraphQLSafeInt, { description: "Compressed size in bytes." })
  compressedSize!: number;

  @Field(() => GraphQLSafeInt, { description: "CRC-32 of the uncompressed data, as recorded." })
  crc32!: number;

  @Field(() => Int, {
    description: "Compression method: 0 stored, 8 deflated, others as recorded.",
  })
  method!: number;

  @Field(() => Boolean)
  isDirectory!: boolean;

  @Field(() => Date, { nullable: true, description: "Last modification, read as UTC." })
  modifiedAt!: Date | null;

  @Field(() => Boolean, { description: "Finder litter: under `__MACOSX/`, or a `.DS_Store`." })
  isMetadata!: boolean;

  @Field(() => Boolean, { description: "The data was inflated and its size and CRC-32 matched." })
  verified!: boolean;

  static from(row: EntryRow): EntryType {
    return Object.assign(new EntryType(), {
      path: row.path,
      size: row.size,
      compressedSize: row.compressedSize,
      crc32: row.crc32,
      method: row.method,
      isDirectory: row.isDirectory,
      modifiedAt: row.modifiedAt,
      isMetadata: row.isMetadata,
      verified: row.verified,
    });
  }
}

@ObjectType()
export class EntryEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => EntryType)
  node!: EntryType;
}

@ObjectType()
export class EntryConnection {
  @Field(() => [EntryEdge])
  edges!: EntryEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
