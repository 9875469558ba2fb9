import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalizedResource, signV1, stringToSignV1 } from "../../src/auth/v1.js";
import { parseQuery } from "../../src/http/query.js";
import { aliOssStringToSign } from "../helpers/ali-oss-signer.js";

const DATE = "Wed, 01 Jan 2025 00:00:00 GMT";

describe("V1 string to sign", () => {
  it("lays out verb, MD5, type, date, x-oss headers and resource as OSS specifies", () => {
    const headers = {
      "content-md5": "eB5eJF1ptWaXm4bijSPyxw==",
      "content-type": "text/html",
      "x-oss-meta-b": " two ",
      "x-oss-meta-a": "one",
      "x-oss-date": DATE,
      "user-agent": "not signed",
    };

    const text = stringToSignV1({
      method: "put",
      headers,
      date: DATE,
      resource: canonicalizedResource(
        "kura",
        "dir/file.zip",
        parseQuery("partNumber=3&uploadId=U1"),
      ),
    });

    expect(text).toBe(
      [
        "PUT",
        "eB5eJF1ptWaXm4bijSPyxw==",
        "text/html",
        DATE,
        `x-oss-date:${DATE}`,
        "x-oss-meta-a:one",
        "x-oss-meta-b:two",
        "/kura/dir/file.zip?partNumber=3&uploadId=U1",
      ].join("\n"),
    );
  });

  it("leaves empty lines for a missing Content-MD5 and Content-Type", () => {
    const text = stringToSignV1({ method: "GET", headers: {}, date: DATE, resource: "/kura/a" });

    expect(text).toBe(`GET\n\n\n${DATE}\n/kura/a`);
  });

  it("matches ali-oss's own canonical string for the same request", () => {
    const headers = {
      "content-type": "application/zip",
      "x-oss-date": DATE,
      "x-oss-meta-owner": "alice",
    };
    const key = "日本語/a b+c%.zip";

    const ours = stringToSignV1({
      method: "POST",
      headers,
      date: DATE,
      resource: canonicalizedResource("kura", key, parseQuery("uploads=")),
    });

    expect(ours).toBe(aliOssStringToSign("POST", `/kura/${key}`, headers, { uploads: "" }));
  });

  it("signs with base64 HMAC-SHA1 of the UTF-8 string", () => {
    const text = "GET\n\n\nDate\n/kura/日本語";

    expect(signV1("secret", text)).toBe(
      createHmac("sha1", "secret").update(text, "utf8").digest("base64"),
    );
    expect(signV1("secret", text)).not.toBe(signV1("other", text));
  });
});

describe("V1 canonicalized resource", () => {
  it("keeps signed sub-resources, sorted, and drops listing parameters", () => {
    const query = parseQuery("uploadId=U&prefix=p&partNumber=2&max-keys=10&list-type=2&acl");

    expect(canonicalizedResource("kura", "k", query)).toBe("/kura/k?acl&partNumber=2&uploadId=U");
  });

  it("signs continuation-token, as ali-oss listV2 does", () => {
    const query = parseQuery("list-type=2&continuation-token=abc&max-keys=3");

    expect(canonicalizedResource("kura", undefined, query)).toBe("/kura/?continuation-token=abc");
  });

  it("signs response-* overrides with their decoded values", () => {
    const query = parseQuery(
      "response-content-disposition=attachment%3B%20filename%2A%3DUTF-8%27%27%25E6%2597%25A5.zip&OSSAccessKeyId=id&Expires=1&Signature=s",
    );

    expect(canonicalizedResource("kura", "a.zip", query)).toBe(
      "/kura/a.zip?response-content-disposition=attachment; filename*=UTF-8''%E6%97%A5.zip",
    );
  });

  it("is / for the service and /bucket/ for a bucket", () => {
    expect(canonicalizedResource(undefined, undefined, new Map())).toBe("/");
    expect(canonicalizedResource("kura", undefined, parseQuery("uploads"))).toBe("/kura/?uploads");
  });
});
