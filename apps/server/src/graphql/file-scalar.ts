import { GraphQLError, GraphQLScalarType } from "graphql";
import type { FileUpload } from "graphql-upload-minimal";
import { Upload } from "graphql-upload-minimal";
import { KuraError } from "../errors/kura-error.js";

/**
 * A file part of a GraphQL multipart request. Named `File` because `Upload` is the name of the
 * stored record; clients put `null` in the variable and send the bytes as the mapped part.
 */
export const FileScalar = new GraphQLScalarType({
  name: "File",
  description: "A file sent as a part of a GraphQL multipart request.",
  parseValue(value): Promise<FileUpload> {
    if (value instanceof Upload) {
      // Resolvers' arguments are awaited before the resolver runs, so the multipart parser's
      // failures (a missing part, a closed client) must already be Kura's errors here.
      return value.promise.catch((error: unknown) => {
        throw fromParserError(error);
      });
    }
    throw new GraphQLError("A File variable must be sent as a part of a multipart request.");
  },
  parseLiteral() {
    throw new GraphQLError(
      "A File cannot be written inline in a query; send it as a multipart part.",
    );
  },
  serialize() {
    throw new GraphQLError("A File is input only.");
  },
});

/** Turns an error of the multipart parser into the error a client sees. */
export function fromParserError(error: unknown): KuraError {
  if (error instanceof KuraError) return error;

  const status = (error as { status?: number } | undefined)?.status;
  const message = error instanceof Error ? error.message : String(error);
  if (isTooManyFiles(message)) return tooManyFiles();
  if (status === 413) {
    return new KuraError("PAYLOAD_TOO_LARGE", message, { reason: "max_upload_bytes" });
  }
  if (status === 499) return KuraError.clientClosed(error);
  if (status === 400) return KuraError.badInput(message, "multipart");
  // Everything else the parser raises (a malformed part, a body cut before its closing boundary)
  // describes the request, not a fault of the server.
  return new KuraError("BAD_REQUEST", message, { reason: "multipart" }, error);
}

/** graphql-upload-minimal reports a second file with a 413; it is a malformed request instead. */
export function isTooManyFiles(message: string): boolean {
  return /max file uploads exceeded/i.test(message);
}

export function tooManyFiles(): KuraError {
  return new KuraError("BAD_REQUEST", "A request carries one file; send each archive on its own.", {
    reason: "too_many_files",
  });
}
