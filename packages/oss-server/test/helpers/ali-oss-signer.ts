import { createRequire } from "node:module";
import { ACCESS_KEY_ID, ACCESS_KEY_SECRET } from "./credentials.js";

interface SignUtils {
  buildCanonicalString(
    method: string,
    resource: string,
    request: { headers: Record<string, string>; parameters?: Record<string, string> },
  ): string;
  authorization(id: string, secret: string, canonical: string, encoding: string): string;
}

// ali-oss's own signing module, so raw requests are signed by the client's code, not ours.
const signUtils = createRequire(import.meta.url)("ali-oss/lib/common/signUtils.js") as SignUtils;

/** Headers for a V1-signed raw request to `resource` (`/bucket/key`, unescaped). */
export function aliOssSignedHeaders(
  method: string,
  resource: string,
  headers: Record<string, string> = {},
): Record<string, string> {
  const signed = { "x-oss-date": new Date().toUTCString(), ...headers };
  const canonical = signUtils.buildCanonicalString(method, resource, { headers: signed });
  return {
    ...signed,
    authorization: signUtils.authorization(ACCESS_KEY_ID, ACCESS_KEY_SECRET, canonical, "utf-8"),
  };
}

export function aliOssStringToSign(
  method: string,
  resource: string,
  headers: Record<string, string>,
  parameters?: Record<string, string>,
): string {
  return signUtils.buildCanonicalString(method, resource, { headers, parameters });
}
