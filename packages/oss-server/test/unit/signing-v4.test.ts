import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { canonicalRequestV4, encodeV4, signV4, stringToSignV4 } from "../../src/auth/v4.js";
import { parseQuery } from "../../src/http/query.js";

interface AliV4 {
  getCanonicalRequest(
    method: string,
    request: { headers: Record<string, string>; queries: Record<string, string | null> },
    bucket?: string,
    object?: string,
    additionalHeaders?: string[],
  ): string;
  getStringToSign(region: string, date: string, canonicalRequest: string): string;
  getSignatureV4(secret: string, day: string, region: string, stringToSign: string): string;
}

const ali = createRequire(import.meta.url)("ali-oss/lib/common/signUtils.js") as AliV4;

describe("V4 signing", () => {
  const headers = {
    "content-type": "application/zip",
    "x-oss-date": "20250101T000000Z",
    "x-oss-content-sha256": "UNSIGNED-PAYLOAD",
    "x-oss-meta-owner": " alice ",
    host: "kura.oss-cn-hangzhou.aliyuncs.com",
  };

  it("builds the same canonical request as ali-oss, additional headers included", () => {
    const key = "日本語/a b+c%(1)!.zip";

    const ours = canonicalRequestV4({
      method: "PUT",
      bucket: "kura",
      key,
      query: parseQuery("partNumber=1&uploadId=ABC"),
      headers,
      additionalHeaders: ["host"],
    });

    expect(ours).toBe(
      ali.getCanonicalRequest(
        "PUT",
        { headers, queries: { partNumber: "1", uploadId: "ABC" } },
        "kura",
        key,
        ["host"],
      ),
    );
  });

  it("writes value-less parameters as the bare name, like ali-oss's sub-resources", () => {
    const ours = canonicalRequestV4({
      method: "POST",
      bucket: "kura",
      key: "k",
      query: parseQuery("uploads="),
      headers,
      additionalHeaders: [],
    });

    expect(ours).toBe(
      ali.getCanonicalRequest("POST", { headers, queries: { uploads: null } }, "kura", "k"),
    );
  });

  it("derives the same signature as ali-oss", () => {
    const canonical = "GET\n/kura/\nlist-type=2\n\n\nUNSIGNED-PAYLOAD";
    const stringToSign = stringToSignV4("20250101T000000Z", "cn-hangzhou", canonical);

    expect(stringToSign).toBe(ali.getStringToSign("cn-hangzhou", "20250101T000000Z", canonical));
    expect(signV4("secret", "20250101", "cn-hangzhou", stringToSign)).toBe(
      ali.getSignatureV4("secret", "20250101", "cn-hangzhou", stringToSign),
    );
  });

  it("escapes the characters encodeURIComponent leaves alone", () => {
    expect(encodeV4("a!'()*b")).toBe("a%21%27%28%29%2Ab");
  });
});
