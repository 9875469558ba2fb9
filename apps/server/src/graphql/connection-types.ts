import { Field, InputType, Int, ObjectType } from "type-graphql";
import { UploadType } from "./upload-type.js";

@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: "Pass as `after` to get the next page." })
  endCursor!: string | null;
}

@ObjectType()
export class UploadEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => UploadType)
  node!: UploadType;
}

@ObjectType()
export class UploadConnection {
  @Field(() => [UploadEdge])
  edges!: UploadEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int, { description: "Uploads matching the filter, over all pages." })
  totalCount!: number;
}

@InputType()
export class UploadFilter {
  @Field(() => String, {
    nullable: true,
    description:
      "Substring of the file name, matched after Unicode NFKC normalisation and lower-casing of both.",
  })
  filenameContains?: string | null;

  @Field(() => Date, {
    nullable: true,
    description: "Only uploads created strictly after this time.",
  })
  createdAfter?: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: "Only uploads created strictly before this time.",
  })
  createdBefore?: Date | null;

  @Field(() => String, { nullable: true, description: "Only uploads with this SHA-256 (hex)." })
  sha256?: string | null;
}
