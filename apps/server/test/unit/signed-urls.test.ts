import { describe, expect, it } from "vitest";
import { loadConfig, type OssConfig } from "../../src/config/env.js";
import { parseRange } from "../../src/http/range.js";
import { attachmentDisposition } from "../../src/storage/content-disposition.js";
import { signDownload, verifyDownload } from "../../src/storage/download-signature.js";
import { OssObjectStore } from "../../src/storage/oss-store.js";

function ossConfig(endpoint: string): OssConfig {
  const storage = loadConfig({
    OSS_ENDPOINT: endpoint,
    OSS_ACCESSKEYID: "AKID",
    OSS_ACCESSKEYSECRET: "secret",
    OSS_BUCKET: "kura-archives",
    OSS_LOCATION: "oss-ap-northeast-1",
    OSS_PREFIX: "kura/",
  }).storage;
  if (storage.kind !== "oss") throw new Error("expected an OSS configuration");
  return storage;
}

const STORE_OPTIONS = { keySpace: "uploads/", requestTimeoutMs: 600_000 };

describe("OSS signed URLs (made offline, no request is sent)", () => {
  it("are virtual-hosted V1 URLs on a real OSS host name", async () => {
    const store = new OssObjectStore(ossConfig("oss-ap-northeast-1.aliyuncs.com"), STORE_OPTIONS);
    const url = new URL(
      await store.signedUrl("uploads/a.zip", { expiresIn: 600, filename: "請求書_2024年.zip" }),
    );

    expect(url.origin).toBe("https://kura-archives.oss-ap-northeast-1.aliyuncs.com");
    expect(url.pathname).toBe("/kura/uploads/a.zip");
    expect(url.searchParams.get("OSSAccessKeyId")).toBe("AKID");
    expect(Number(url.searchParams.get("Expires"))).toBeGreaterThan(Date.now() / 1000 + 590);
    expect(url.searchParams.get("Signature")).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(url.searchParams.get("response-content-disposition")).toBe(
      attachmentDisposition("請求書_2024年.zip"),
    );
  });

  it("are path-style V4 URLs on an IP endpoint", async () => {
    const store = new OssObjectStore(ossConfig("http://127.0.0.1:9000"), STORE_OPTIONS);
    const url = new URL(
      await store.signedUrl("uploads/a.zip", { expiresIn: 60, filename: "a.zip" }),
    );

    expect(url.origin).toBe("http://127.0.0.1:9000");
    expect(url.pathname).toBe("/kura-archives/kura/uploads/a.zip");
    expect(url.searchParams.get("x-oss-signature-version")).toBe("OSS4-HMAC-SHA256");
    expect(url.searchParams.get("x-oss-expires")).toBe("60");
  });
});

describe("attachmentDisposition", () => {
  it("encodes the name per RFC 5987 and keeps an ASCII fallback", () => {
    expect(attachmentDisposition("請求書_2024年.zip")).toBe(
      "attachment; filename=\"____2024_.zip\"; filename*=UTF-8''%E8%AB%8B%E6%B1%82%E6%9B%B8_2024%E5%B9%B4.zip",
    );
    expect(attachmentDisposition(`it's "a" (b)*.zip`)).toBe(
      "attachment; filename=\"it's _a_ (b)*.zip\"; filename*=UTF-8''it%27s%20%22a%22%20%28b%29%2A.zip",
    );
  });
});

describe("parseRange", () => {
  it("reads single byte ranges and spots the unsatisfiable", () => {
    expect(parseRange("bytes=0-9", 100)).toEqual({ start: 0, end: 9 });
    expect(parseRange("bytes=90-", 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange("bytes=-10", 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange("bytes=50-500", 100)).toEqual({ start: 50, end: 99 });
    expect(parseRange("bytes=100-", 100)).toBe("unsatisfiable");
    expect(parseRange("bytes=0-0", 0)).toBe("unsatisfiable");
  });

  it("serves the whole object for anything else", () => {
    for (const header of [undefined, "", "items=0-1", "bytes=0-1,5-6", "bytes=9-2", "bytes=-"]) {
      expect(parseRange(header, 100), String(header)).toBeUndefined();
    }
  });
});

describe("local download signatures", () => {
  const secret = Buffer.from("s".repeat(32));

  it("verify until they expire", () => {
    const signed = new URL(signDownload(secret, "uploads/a.zip", "名前.zip", 1_000), "http://k");

    expect(verifyDownload(secret, signed, 999)).toEqual({
      ok: true,
      download: { key: "uploads/a.zip", filename: "名前.zip" },
    });
    expect(verifyDownload(secret, signed, 1_001)).toEqual({ ok: false, reason: "expired" });
    expect(verifyDownload(Buffer.from("t".repeat(32)), signed, 999)).toEqual({
      ok: false,
      reason: "signature",
    });
  });
});
