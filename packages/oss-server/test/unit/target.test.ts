import { describe, expect, it } from "vitest";
import { identifyOperation } from "../../src/http/operation.js";
import { parseQuery } from "../../src/http/query.js";
import { resolveTarget, resolveTargets } from "../../src/http/target.js";

describe("request target", () => {
  it("takes the bucket from the first label of a virtual-hosted Host", () => {
    const target = resolveTarget(
      "kura.oss-cn-hangzhou.aliyuncs.com",
      "/dir/a%20b%2Bc.zip?uploads=",
    );

    expect(target).toMatchObject({ bucket: "kura", key: "dir/a b+c.zip", style: "virtual" });
    expect(target.query.has("uploads")).toBe(true);
  });

  it("takes the bucket from the path for an IP or localhost Host", () => {
    for (const host of ["127.0.0.1:9000", "localhost:9000", "[::1]:9000", undefined]) {
      expect(resolveTarget(host, "/kura/%E6%97%A5%E6%9C%AC.zip")).toMatchObject({
        bucket: "kura",
        key: "日本.zip",
        style: "path",
      });
    }
  });

  it("treats bucket-only and service paths as having no key", () => {
    expect(resolveTarget("127.0.0.1", "/kura/?list-type=2")).toMatchObject({
      bucket: "kura",
      key: undefined,
    });
    expect(resolveTarget("127.0.0.1", "/")).toMatchObject({ bucket: undefined, key: undefined });
    expect(resolveTarget("kura.localhost:1", "/")).toMatchObject({
      bucket: "kura",
      key: undefined,
    });
  });

  it("does not normalise dot segments", () => {
    expect(resolveTarget("127.0.0.1", "/kura/../x").key).toBe("../x");
  });

  it("offers the path-style reading second when the path repeats the Host's bucket", () => {
    const readings = resolveTargets("kura.oss-cn-hangzhou.aliyuncs.com", "/kura/a.zip");

    expect(readings.map((t) => [t.bucket, t.key])).toEqual([
      ["kura", "kura/a.zip"],
      ["kura", "a.zip"],
    ]);
    expect(resolveTargets("kura.oss-cn-hangzhou.aliyuncs.com", "/other/a.zip")).toHaveLength(1);
  });
});

describe("operation identification", () => {
  const op = (method: string, url: string) =>
    identifyOperation(method, resolveTarget("127.0.0.1", url));

  it("names each supported operation", () => {
    expect(op("PUT", "/kura/k")).toBe("PutObject");
    expect(op("PUT", "/kura/k?partNumber=1&uploadId=U")).toBe("UploadPart");
    expect(op("GET", "/kura/k")).toBe("GetObject");
    expect(op("GET", "/kura/k?uploadId=U")).toBe("ListParts");
    expect(op("HEAD", "/kura/k")).toBe("HeadObject");
    expect(op("HEAD", "/kura/k?objectMeta")).toBe("HeadObject");
    expect(op("DELETE", "/kura/k")).toBe("DeleteObject");
    expect(op("DELETE", "/kura/k?uploadId=U")).toBe("AbortMultipartUpload");
    expect(op("POST", "/kura/k?uploads")).toBe("InitiateMultipartUpload");
    expect(op("POST", "/kura/k?uploadId=U")).toBe("CompleteMultipartUpload");
    expect(op("GET", "/kura/?list-type=2&prefix=a")).toBe("ListObjectsV2");
    expect(op("GET", "/kura/?prefix=a&marker=b")).toBe("ListObjects");
    expect(op("GET", "/kura/?uploads")).toBe("ListMultipartUploads");
  });

  it("marks other APIs as unsupported instead of guessing", () => {
    expect(op("PUT", "/kura/k?acl")).toEqual({ unsupported: "PUT ?acl" });
    expect(op("POST", "/kura/k?append&position=0")).toEqual({ unsupported: "POST ?append" });
    expect(op("GET", "/kura/?lifecycle")).toEqual({ unsupported: "GET ?lifecycle on a bucket" });
    expect(op("GET", "/")).toHaveProperty("unsupported");
  });
});

describe("query parsing", () => {
  it("decodes percent escapes once and keeps a plus sign", () => {
    const query = parseQuery("?a=1%2B1&b=x+y&flag&bad=%E0%A4%A");

    expect([...query]).toEqual([
      ["a", "1+1"],
      ["b", "x+y"],
      ["flag", ""],
      ["bad", "%E0%A4%A"],
    ]);
  });
});
