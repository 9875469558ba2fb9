import { ossErrors } from "../errors.js";
import { unescapeXml } from "../http/xml.js";
import type { RequestedPart } from "../store/multipart-store.js";

/** Largest CompleteMultipartUpload body accepted: 10,000 parts fit well within it. */
export const MAX_COMPLETE_BODY = 2 * 1024 * 1024;

/** Reads `<Part><PartNumber>n</PartNumber><ETag>e</ETag></Part>` entries, in document order. */
export function parseCompleteBody(xml: string): RequestedPart[] {
  if (!/<CompleteMultipartUpload[\s>]/.test(xml)) {
    throw ossErrors.malformedXml("no CompleteMultipartUpload element");
  }

  const parts: RequestedPart[] = [];
  for (const match of xml.matchAll(/<Part>([\s\S]*?)<\/Part>/g)) {
    const body = match[1] ?? "";
    const number = /<PartNumber>\s*(\d+)\s*<\/PartNumber>/.exec(body)?.[1];
    const etag = /<ETag>([\s\S]*?)<\/ETag>/.exec(body)?.[1];
    if (number === undefined || etag === undefined) {
      throw ossErrors.malformedXml("a Part lacks PartNumber or ETag");
    }
    parts.push({ partNumber: Number(number), etag: unescapeXml(etag) });
  }

  if (parts.length === 0) throw ossErrors.malformedXml("no Part elements");
  return parts;
}
