import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { crc64 } from "../../src/index.js";
import { referenceCrc64 } from "../helpers/reference-crc64.js";
import { BUCKET, caught, startTestServer } from "../helpers/server.js";

// Both addressing styles ali-oss can use against an IP endpoint.
describe.each([
  { style: "virtual-hosted", sldEnable: false },
  { style: "path style", sldEnable: true },
])("objects over $style requests", ({ sldEnable }) => {
  it("puts, heads, gets and deletes an object with OSS's headers", async () => {
    await using t = await startTestServer();
    const client = t.client({ sldEnable });
    const body = Buffer.from("hello, kura");

    const put = await client.put("docs/hello.txt", body, {
      headers: { "Content-Disposition": 'attachment; filename="hello.txt"' },
      meta: { owner: "alice", uid: 0, pid: 0 },
    });
    const head = await client.head("docs/hello.txt");
    const got = await client.get("docs/hello.txt");

    const md5 = createHash("md5").update(body).digest("hex").toUpperCase();
    expect(put.res.status).toBe(200);
    expect(put.res.headers).toMatchObject({
      etag: `"${md5}"`,
      "x-oss-hash-crc64ecma": referenceCrc64(body).toString(),
      "x-oss-request-id": expect.stringMatching(/^[0-9A-F]{24}$/),
    });
    expect(got.content.toString()).toBe("hello, kura");
    for (const headers of [head.res.headers, got.res.headers] as Record<string, string>[]) {
      expect(headers["content-type"]).toBe("text/plain");
      expect(headers["content-length"]).toBe(String(body.length));
      expect(headers["content-disposition"]).toBe('attachment; filename="hello.txt"');
      expect(headers["x-oss-meta-owner"]).toBe("alice");
      expect(headers["x-oss-hash-crc64ecma"]).toBe(crc64(body).toString());
      expect(headers.etag).toBe((put.res.headers as Record<string, string>).etag);
      expect(Date.parse(headers["last-modified"] ?? "")).not.toBeNaN();
    }
    expect(head.meta).toMatchObject({ owner: "alice" });

    const deleted = await client.delete("docs/hello.txt");
    expect(deleted.res.status).toBe(204);
    expect((await caught(() => client.get("docs/hello.txt"))).code).toBe("NoSuchKey");
    expect(t.server.inspect.objects(BUCKET)).toEqual([]);
  });

  it("answers DeleteObject for an absent key with 204", async () => {
    await using t = await startTestServer();

    const deleted = await t.client({ sldEnable }).delete("never/existed.bin");

    expect(deleted.res.status).toBe(204);
  });

  it("stores a chunked putStream body without Content-MD5", async () => {
    await using t = await startTestServer();
    const chunks = Array.from({ length: 40 }, (_, i) => Buffer.alloc(64 * 1024, i));
    const whole = Buffer.concat(chunks);

    const put = await t.client({ sldEnable }).putStream("stream/big.bin", Readable.from(chunks));
    const got = await t.client({ sldEnable }).get("stream/big.bin");

    expect(put.res.status).toBe(200);
    expect(got.content.equals(whole)).toBe(true);
    expect(t.server.inspect.objects(BUCKET)[0]).toMatchObject({
      key: "stream/big.bin",
      size: whole.length,
      crc64: referenceCrc64(whole).toString(),
    });
  });

  it("serves byte ranges with 206 and refuses unsatisfiable ones with 416", async () => {
    await using t = await startTestServer();
    const client = t.client({ sldEnable });
    await client.put("range.txt", Buffer.from("0123456789"));

    const middle = await client.get("range.txt", { headers: { Range: "bytes=2-5" } });
    const suffix = await client.get("range.txt", { headers: { Range: "bytes=-3" } });
    const open = await client.get("range.txt", { headers: { Range: "bytes=7-" } });
    const beyond = await caught(() =>
      client.get("range.txt", { headers: { Range: "bytes=10-20" } }),
    );

    expect(middle.res.status).toBe(206);
    expect(middle.content.toString()).toBe("2345");
    expect((middle.res.headers as Record<string, string>)["content-range"]).toBe("bytes 2-5/10");
    expect(suffix.content.toString()).toBe("789");
    expect(open.content.toString()).toBe("789");
    expect(beyond.status).toBe(416);
    expect(beyond.code).toBe("InvalidRange");
  });

  it("keeps keys with spaces, plus, percent and Japanese intact", async () => {
    await using t = await startTestServer();
    const client = t.client({ sldEnable });
    const keys = [
      "a b/c d.txt",
      "1+1=2.txt",
      "100%/done%20.txt",
      "日本語/ファイル 名.zip",
      "?q#frag&x=1",
    ];

    for (const key of keys) await client.put(key, Buffer.from(`body of ${key}`));

    for (const key of keys) {
      expect((await client.get(key)).content.toString()).toBe(`body of ${key}`);
    }
    const listed = await client.listV2({ "max-keys": "100" });
    expect(listed.objects.map((o) => o.name).sort()).toEqual([...keys].sort());
  });

  it("rejects a body whose Content-MD5 does not match with InvalidDigest", async () => {
    await using t = await startTestServer();

    const error = await caught(() =>
      t.client({ sldEnable }).put("digest.txt", Buffer.from("abc"), {
        headers: { "Content-MD5": "1B2M2Y8AsgTpgAmY7PhCfg==" },
      }),
    );

    expect(error.code).toBe("InvalidDigest");
    expect(t.server.inspect.objects(BUCKET)).toEqual([]);
  });
});

describe("bucket resolution", () => {
  it("answers NoSuchBucket for a bucket it does not have", async () => {
    await using t = await startTestServer();

    const error = await caught(() => t.client({ bucket: "other" }).put("x.txt", Buffer.from("x")));

    expect(error.status).toBe(404);
    expect(error.code).toBe("NoSuchBucket");
  });

  it("sees an object written virtual-hosted under the same key path style", async () => {
    await using t = await startTestServer();

    await t.client().put("shared/key.txt", Buffer.from("same"));

    expect((await t.client({ sldEnable: true }).get("shared/key.txt")).content.toString()).toBe(
      "same",
    );
  });
});
