import type { FileUpload } from "graphql-upload-minimal";
import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import { KuraError } from "../errors/kura-error.js";
import { decodeCursor, encodeCursor } from "../uploads/cursor.js";
import { checkIngestInput, ingestUpload } from "../uploads/ingest.js";
import { findUpload, listUploads } from "../uploads/upload-queries.js";
import { UploadConnection, UploadFilter } from "./connection-types.js";
import type { RequestContext } from "./context.js";
import { FileScalar, fromParserError } from "./file-scalar.js";
import { receiveFile } from "./receive-file.js";
import { UploadType } from "./upload-type.js";

const DEFAULT_PAGE_SIZE = 20;

@Resolver(() => UploadType)
export class UploadResolver {
  @Mutation(() => UploadType, {
    description:
      "Stores one ZIP archive after checking it. Send it as a GraphQL multipart request with an " +
      "`apollo-require-preflight: true` header. With `sha256`, bytes that hash otherwise are refused.",
  })
  async uploadZip(
    @Arg("file", () => FileScalar) file: FileUpload,
    @Arg("sha256", () => String, { nullable: true }) sha256: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<UploadType> {
    const received = receiveFile(file, ctx.maxUploadBytes);
    const declaredSha256 = checkIngestInput(received.filename, sha256);

    const row = await ingestUpload(
      ctx,
      {
        filename: received.filename,
        contentType: received.contentType,
        body: received.open(),
        sourceError: fromParserError,
        declaredSha256,
        sizeHint: ctx.requestBytes,
      },
      ctx.log,
    );
    return UploadType.from(row);
  }

  @Query(() => UploadConnection, { description: "Uploads, newest first." })
  async uploads(
    @Arg("first", () => Int, {
      nullable: true,
      description: "Page size: 20 unless given, at most the server's KURA_PAGE_SIZE_MAX.",
    })
    first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Arg("filter", () => UploadFilter, { nullable: true }) filter: UploadFilter | null,
    @Ctx() ctx: RequestContext,
  ): Promise<UploadConnection> {
    const size = first ?? Math.min(DEFAULT_PAGE_SIZE, ctx.pageSizeMax);
    if (size < 1 || size > ctx.pageSizeMax) {
      throw KuraError.badInput(`first must be from 1 to ${ctx.pageSizeMax}.`, "page_size");
    }
    const cursor = after ? decodeCursor(after) : undefined;
    if (filter?.filenameContains?.includes("\u0000")) {
      throw KuraError.badInput("filenameContains cannot hold a NUL character.", "filter_nul");
    }

    const page = await listUploads(ctx.em, size, cursor, filter ?? {});

    const edges = page.rows.map((row) => ({
      cursor: encodeCursor(row),
      node: UploadType.from(row),
    }));
    const last = page.rows.at(-1);
    return {
      edges,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: last ? encodeCursor(last) : null },
      totalCount: page.totalCount,
    };
  }

  @Query(() => UploadType, { nullable: true, description: "One upload, or null when absent." })
  async upload(
    @Arg("id", () => ID) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<UploadType | null> {
    const row = await findUpload(ctx.em, id);
    return row ? UploadType.from(row) : null;
  }
}
