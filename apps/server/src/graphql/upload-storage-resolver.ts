import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from "type-graphql";
import { KuraError } from "../errors/kura-error.js";
import { deleteUpload } from "../uploads/delete-upload.js";
import type { RequestContext } from "./context.js";
import { UploadType } from "./upload-type.js";

const DEFAULT_EXPIRES_IN = 900;
// OSS's V4 signatures cap a URL at seven days; the local store follows the same limit.
const MAX_EXPIRES_IN = 7 * 24 * 3600;

/** What reaches the stored bytes: download links and deletion. */
@Resolver(() => UploadType)
export class UploadStorageResolver {
  @FieldResolver(() => String, {
    description:
      "A signed URL that downloads the archive under its original file name until it expires. " +
      `Valid for \`expiresIn\` seconds: ${DEFAULT_EXPIRES_IN} unless given, at most ${MAX_EXPIRES_IN}. ` +
      "Range requests are supported.",
  })
  async downloadUrl(
    @Root() upload: UploadType,
    @Arg("expiresIn", () => Int, { nullable: true }) expiresIn: number | null,
    @Ctx() ctx: RequestContext,
  ): Promise<string> {
    const seconds = expiresIn ?? DEFAULT_EXPIRES_IN;
    if (seconds < 1 || seconds > MAX_EXPIRES_IN) {
      throw KuraError.badInput(
        `expiresIn must be from 1 to ${MAX_EXPIRES_IN} seconds.`,
        "expires_in",
      );
    }

    const url = await ctx.store.signedUrl(upload.objectKey, {
      expiresIn: seconds,
      filename: upload.filename,
    });
    return new URL(url, ctx.origin).toString();
  }

  @Mutation(() => Boolean, {
    description:
      "Deletes an upload: its stored bytes, then its record. True when this call deleted it; " +
      "false when there was no such upload (never was, or already deleted), so repeating is safe.",
  })
  async deleteUpload(
    @Arg("id", () => ID) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<boolean> {
    return deleteUpload(ctx, id, ctx.log);
  }
}
