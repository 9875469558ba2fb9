import type { Readable } from "node:stream";
import type { FileUpload } from "graphql-upload-minimal";
import { KuraError } from "../errors/kura-error.js";
import { fromParserError } from "./file-scalar.js";

export interface ReceivedFile {
  filename: string;
  contentType: string;
  open(): Readable;
}

// The client's declared type is kept only when it names a ZIP family format; anything else
// (octet-stream, a wrong guess) is recorded as what Kura verified the bytes to be.
const ZIP_FAMILY =
  /^application\/(zip|x-zip|x-zip-compressed|java-archive|vnd\.[\w.+-]*zip|epub\+zip)$/;

/** The file part as the `File` scalar gave it, with the parser's quirks handled. */
export function receiveFile(file: FileUpload, maxUploadBytes: number): ReceivedFile {
  const declared = (file.mimetype ?? "").toLowerCase();
  return {
    filename: file.filename ?? "",
    contentType: ZIP_FAMILY.test(declared) ? declared : "application/zip",
    open: () => {
      let stream: Readable;
      try {
        stream = file.createReadStream();
      } catch (error) {
        throw fromParserError(error);
      }
      // At its size limit the parser unpipes and truncates the stream without an error; make
      // that an error, or a reader would wait for an end that never comes.
      stream.once("limit", () => stream.destroy(KuraError.payloadTooLarge(maxUploadBytes)));
      return stream;
    },
  };
}
