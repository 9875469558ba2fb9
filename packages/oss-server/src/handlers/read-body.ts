import type { Readable } from "node:stream";
import { ossErrors } from "../errors.js";

/** Reads a small body (XML documents) whole, refusing more than `limit` bytes. */
export async function readSmallBody(body: Readable, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;

  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > limit) throw ossErrors.malformedXml(`the body is larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}
