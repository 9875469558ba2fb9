import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import { KuraError } from "../errors/kura-error.js";
import { decodeEntryCursor, encodeEntryCursor } from "../uploads/entry-cursor.js";
import { listEntries } from "../uploads/entry-queries.js";
import type { RequestContext } from "./context.js";
import { EntryConnection, EntryType } from "./entry-types.js";
import { UploadType } from "./upload-type.js";

const DEFAULT_PAGE_SIZE = 100;

@Resolver(() => UploadType)
export class EntriesResolver {
  @FieldResolver(() => EntryConnection, {
    description: "The archive's entries in path order (by code point), a page at a time.",
  })
  async entries(
    @Root() upload: UploadType,
    @Arg("first", () => Int, {
      nullable: true,
      description: "Page size: 100 unless given, at most the server's KURA_ENTRY_PAGE_SIZE_MAX.",
    })
    first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Arg("pathPrefix", () => String, {
      nullable: true,
      description: "Only entries whose path starts with this text, matched literally.",
    })
    pathPrefix: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<EntryConnection> {
    const max = ctx.entryPageSizeMax;
    const size = first ?? Math.min(DEFAULT_PAGE_SIZE, max);
    if (size < 1 || size > max) {
      throw KuraError.badInput(`first must be from 1 to ${max}.`, "page_size");
    }
    const cursor = after ? decodeEntryCursor(after) : undefined;

    const page = await listEntries(ctx.em, upload.id, size, cursor, pathPrefix ?? undefined);

    const edges = page.rows.map((row) => ({
      cursor: encodeEntryCursor(row),
      node: EntryType.from(row),
    }));
    const last = page.rows.at(-1);
    return {
      edges,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: last ? encodeEntryCursor(last) : null },
    };
  }
}
