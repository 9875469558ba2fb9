import { Readable } from "node:stream";
import { Crc64 } from "../crc64.js";
import type { MultipartAborter } from "./aborter.js";
import type { CallOptions, OssClient, OssResponse } from "./client.js";
import { crcMismatch, storageError } from "./errors.js";

export interface PartsOptions {
  partSize: number;
  contentType: string;
  /** For requests that carry a body (a part, a whole object). */
  slow: CallOptions["timeout"];
  /** For requests without a body (initiate, abort). */
  quick: CallOptions["timeout"];
  aborter: MultipartAborter;
}

/** How the bytes ended up: already a whole object, or parts waiting for completion. */
export type PartsResult =
  | { kind: "object"; size: number; crc64: string }
  | {
      kind: "parts";
      uploadId: string;
      parts: { number: number; etag: string }[];
      size: number;
      crc64: string;
    };

/**
 * Streams `body` to OSS in parts of `partSize`, in order, with at most one part on the wire while
 * the next fills: memory stays at two parts whatever the size. A body that fits in one part goes
 * as one PutObject instead. Any failure (of the body or of OSS) cancels the part being sent and
 * aborts the multipart upload, so no parts are left behind; the upload is not completed here.
 */
export async function uploadInParts(
  client: OssClient,
  name: string,
  body: Readable,
  options: PartsOptions,
): Promise<PartsResult> {
  const whole = new Crc64();
  const parts: { number: number; etag: string }[] = [];
  let buffer = Buffer.allocUnsafe(options.partSize);
  let filled = 0;
  let size = 0;
  let uploadId: string | undefined;
  let partCount = 0;
  let sending: { stream: Readable; done: Promise<void> } | undefined;

  const sendPart = async (data: Buffer): Promise<void> => {
    await sending?.done;
    uploadId ??= await initiate(client, name, options);

    partCount += 1;
    const number = partCount;
    const crc64 = new Crc64().update(data).digestDecimal();
    // A stream of Kura's own, so that a failure elsewhere can cut this part off mid-request.
    const stream = Readable.from([data], { objectMode: false });
    const id = uploadId;
    const done = client
      .uploadPart(name, id, number, stream, 0, data.length, { timeout: options.slow })
      .then(({ etag, res }) => {
        checkCrc(`part ${number}`, crc64, res);
        parts.push({ number, etag });
      });
    // Awaited by the next part or at the end; this only keeps Node from calling it unhandled.
    done.catch(() => {});
    sending = { stream, done };
  };

  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      whole.update(chunk);
      size += chunk.length;

      let offset = 0;
      while (offset < chunk.length) {
        const n = Math.min(chunk.length - offset, options.partSize - filled);
        chunk.copy(buffer, filled, offset, offset + n);
        filled += n;
        offset += n;
        if (filled === options.partSize) {
          await sendPart(buffer);
          buffer = Buffer.allocUnsafe(options.partSize);
          filled = 0;
        }
      }
    }

    if (uploadId === undefined && sending === undefined) {
      const data = buffer.subarray(0, filled);
      const crc64 = whole.digestDecimal();
      const { res } = await client.put(name, data, {
        timeout: options.slow,
        mime: options.contentType,
      });
      checkCrc("the object", crc64, res);
      return { kind: "object", size, crc64 };
    }

    if (filled > 0) await sendPart(buffer.subarray(0, filled));
    await sending?.done;
    return {
      kind: "parts",
      uploadId: uploadId as string,
      parts: parts.sort((a, b) => a.number - b.number),
      size,
      crc64: whole.digestDecimal(),
    };
  } catch (error) {
    sending?.stream.destroy();
    await sending?.done.catch(() => {});
    if (uploadId !== undefined) await options.aborter.abort(name, uploadId);
    throw storageError("UploadPart", error);
  }
}

async function initiate(client: OssClient, name: string, options: PartsOptions): Promise<string> {
  const { uploadId } = await client.initMultipartUpload(name, {
    timeout: options.quick,
    mime: options.contentType,
  });
  return uploadId;
}

/** Throws when OSS reports another CRC-64 than the one computed over the bytes sent. */
export function checkCrc(what: string, expected: string, res: OssResponse): void {
  const reported = res.headers["x-oss-hash-crc64ecma"];
  if (reported !== expected) throw crcMismatch(what, expected, reported);
}
