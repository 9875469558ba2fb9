import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type OSS from "ali-oss";
import { describe, expect, it } from "vitest";
import { signedRequest } from "../helpers/client-internals.js";
import { referenceCrc64 } from "../helpers/reference-crc64.js";
import { BUCKET, caught, startTestServer } from "../helpers/server.js";

const MB = 1024 * 1024;
// The typings make every ListParts parameter mandatory; OSS and ali-oss do not.
const ALL_PARTS = {} as OSS.ListPartsQuery;

function partEtag(data: Buffer): string {
  return `"${createHash("md5").update(data).digest("hex").toUpperCase()}"`;
}

/** OSS's multipart ETag: MD5 over the binary part MD5s, then "-<part count>". */
function multipartEtag(data: Buffer, partSize: number): string {
  const md5s: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += partSize) {
    md5s.push(
      createHash("md5")
        .update(data.subarray(offset, offset + partSize))
        .digest(),
    );
  }
  const digest = createHash("md5").update(Buffer.concat(md5s)).digest("hex").toUpperCase();
  return `"${digest}-${md5s.length}"`;
}

describe("multipart uploads", () => {
  it("uploads a 12 MB file in 1 MB parts with the whole object's CRC-64 and OSS's ETag", async () => {
    await using t = await startTestServer();
    const folder = await mkdtemp(join(tmpdir(), "kura-oss-mp-"));
    try {
      const data = randomBytes(12 * MB + 12345);
      const file = join(folder, "big.zip");
      await writeFile(file, data);

      const result = await t.client().multipartUpload("uploads/big.zip", file, {
        partSize: MB,
        parallel: 4,
      });
      const head = await t.client().head("uploads/big.zip");
      const got = await t.client().get("uploads/big.zip");

      const expectedCrc = referenceCrc64(data).toString();
      const headers = result.res.headers as Record<string, string>;
      expect(headers["x-oss-hash-crc64ecma"]).toBe(expectedCrc);
      expect(headers.etag).toBe(multipartEtag(data, MB));
      expect((head.res.headers as Record<string, string>)["x-oss-hash-crc64ecma"]).toBe(
        expectedCrc,
      );
      expect((head.res.headers as Record<string, string>)["x-oss-object-type"]).toBe("Multipart");
      expect(got.content.equals(data)).toBe(true);
      expect(t.server.inspect.requestCounts()).toMatchObject({
        InitiateMultipartUpload: 1,
        UploadPart: 13,
        CompleteMultipartUpload: 1,
      });
      expect(t.server.inspect.openUploads(BUCKET)).toEqual([]);
      expect((await t.client().listUploads({}, {})).uploads).toEqual([]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it("lists parts of an open upload, lists the upload, then aborts it", async () => {
    await using t = await startTestServer();
    const client = t.client();
    const part1 = randomBytes(200 * 1024);
    const part2 = randomBytes(1000);

    const { uploadId } = await client.initMultipartUpload("open/one.zip", {
      mime: "application/zip",
    });
    const up1 = await client.uploadPart("open/one.zip", uploadId, 1, part1, 0, part1.length);
    await client.uploadPart("open/one.zip", uploadId, 2, part2, 0, part2.length);

    const parts = await client.listParts("open/one.zip", uploadId, ALL_PARTS, {});
    const uploads = await client.listUploads({}, {});
    expect(up1.etag).toBe(partEtag(part1));
    expect(parts.parts).toEqual([
      expect.objectContaining({
        PartNumber: "1",
        ETag: partEtag(part1),
        Size: String(part1.length),
      }),
      expect.objectContaining({
        PartNumber: "2",
        ETag: partEtag(part2),
        Size: String(part2.length),
      }),
    ]);
    expect(uploads.uploads).toEqual([expect.objectContaining({ name: "open/one.zip", uploadId })]);

    // The typings promise a bare response; ali-oss 6.23 actually returns { res }.
    const aborted = (await client.abortMultipartUpload("open/one.zip", uploadId)) as unknown as {
      res: { status: number };
    };
    expect(aborted.res.status).toBe(204);
    expect((await client.listUploads({}, {})).uploads).toEqual([]);
    expect(t.server.inspect.openUploads(BUCKET)).toEqual([]);
    expect(
      (await caught(() => client.listParts("open/one.zip", uploadId, ALL_PARTS, {}))).code,
    ).toBe("NoSuchUpload");
    expect(t.server.inspect.objects(BUCKET)).toEqual([]);
  });

  it("refuses to complete with a part whose ETag does not match (InvalidPart)", async () => {
    await using t = await startTestServer();
    const client = t.client();
    const part = randomBytes(1000);
    const { uploadId } = await client.initMultipartUpload("bad/etag.zip");
    await client.uploadPart("bad/etag.zip", uploadId, 1, part, 0, part.length);

    const wrongEtag = await caught(() =>
      client.completeMultipartUpload("bad/etag.zip", uploadId, [{ number: 1, etag: '"0000"' }]),
    );
    const missingPart = await caught(() =>
      client.completeMultipartUpload("bad/etag.zip", uploadId, [
        { number: 7, etag: partEtag(part) },
      ]),
    );

    expect(wrongEtag.code).toBe("InvalidPart");
    expect(missingPart.code).toBe("InvalidPart");
    expect(t.server.inspect.openUploads(BUCKET)).toHaveLength(1);
    expect(t.server.inspect.objects(BUCKET)).toEqual([]);
  });

  it("refuses parts listed out of order (InvalidPartOrder)", async () => {
    await using t = await startTestServer();
    const client = t.client();
    const part1 = randomBytes(100 * 1024);
    const part2 = randomBytes(10);
    const { uploadId } = await client.initMultipartUpload("bad/order.zip");
    await client.uploadPart("bad/order.zip", uploadId, 1, part1, 0, part1.length);
    await client.uploadPart("bad/order.zip", uploadId, 2, part2, 0, part2.length);
    // ali-oss sorts parts itself, so the body is written by hand and signed by ali-oss.
    const xml = `<CompleteMultipartUpload><Part><PartNumber>2</PartNumber><ETag>${partEtag(part2)}</ETag></Part><Part><PartNumber>1</PartNumber><ETag>${partEtag(part1)}</ETag></Part></CompleteMultipartUpload>`;

    const error = await caught(() =>
      signedRequest(client, "POST", "bad/order.zip", {
        subres: { uploadId },
        content: xml,
        mime: "xml",
      }),
    );

    expect(error.code).toBe("InvalidPartOrder");
    expect(error.status).toBe(400);
  });

  it("refuses a part smaller than 100 KB that is not the last (EntityTooSmall)", async () => {
    await using t = await startTestServer();
    const client = t.client();
    const small = randomBytes(10);
    const { uploadId } = await client.initMultipartUpload("bad/small.zip");
    const p1 = await client.uploadPart("bad/small.zip", uploadId, 1, small, 0, 10);
    const p2 = await client.uploadPart("bad/small.zip", uploadId, 2, small, 0, 10);

    const error = await caught(() =>
      client.completeMultipartUpload("bad/small.zip", uploadId, [
        { number: 1, etag: p1.etag },
        { number: 2, etag: p2.etag },
      ]),
    );

    expect(error.code).toBe("EntityTooSmall");
  });

  it("answers NoSuchUpload for an unknown upload id", async () => {
    await using t = await startTestServer();
    const data = Buffer.from("x");

    const error = await caught(() =>
      t.client().uploadPart("x.zip", "0123456789ABCDEF0123456789ABCDEF", 1, data, 0, 1),
    );

    expect(error.status).toBe(404);
    expect(error.code).toBe("NoSuchUpload");
  });

  it("completes a multipart upload made path style", async () => {
    await using t = await startTestServer();
    const client = t.client({ sldEnable: true });
    const part1 = randomBytes(150 * 1024);
    const part2 = randomBytes(5000);
    const { uploadId } = await client.initMultipartUpload("path/style.zip");
    const p1 = await client.uploadPart("path/style.zip", uploadId, 1, part1, 0, part1.length);
    const p2 = await client.uploadPart("path/style.zip", uploadId, 2, part2, 0, part2.length);

    const done = await client.completeMultipartUpload("path/style.zip", uploadId, [
      { number: 1, etag: p1.etag },
      { number: 2, etag: p2.etag },
    ]);

    const whole = Buffer.concat([part1, part2]);
    expect((done.res.headers as Record<string, string>)["x-oss-hash-crc64ecma"]).toBe(
      referenceCrc64(whole).toString(),
    );
    expect((await client.get("path/style.zip")).content.equals(whole)).toBe(true);
  });
});
