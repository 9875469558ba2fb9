import { randomBytes } from "node:crypto";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { referenceCrc64 } from "../helpers/reference-crc64.js";
import { BUCKET, caught, startTestServer } from "../helpers/server.js";

describe("fault injection", () => {
  it("refuse: drops the connection of the nth PutObject only", async () => {
    await using t = await startTestServer();
    const client = t.client();
    const rule = t.server.faults.add({
      operation: "PutObject",
      nth: 2,
      action: { type: "refuse" },
    });

    await client.put("f/1.txt", Buffer.from("1"));
    const error = await caught(() => client.put("f/2.txt", Buffer.from("2")));
    await client.put("f/3.txt", Buffer.from("3"));

    expect(error.status).toBe(-1);
    expect(rule.seen).toBe(3);
    expect(rule.fired).toBe(1);
    expect(t.server.inspect.objects(BUCKET).map((o) => o.key)).toEqual(["f/1.txt", "f/3.txt"]);
  });

  it("delay: holds the request for the given time, then serves it", async () => {
    await using t = await startTestServer();
    await t.client().put("f/slow.txt", Buffer.from("slow"));
    t.server.faults.add({ operation: "GetObject", action: { type: "delay", ms: 400 } });

    const started = Date.now();
    const got = await t.client().get("f/slow.txt");

    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    expect(got.content.toString()).toBe("slow");
  });

  it("delay: lets a client timeout fire", async () => {
    await using t = await startTestServer();
    t.server.faults.add({ operation: "HeadObject", action: { type: "delay", ms: 2000 } });

    const error = await caught(() => t.client({ timeout: 300 }).head("f/none.txt"));

    expect(error.name).toMatch(/Timeout/);
  });

  it("cut: drops the connection part-way through a body and stores nothing", async () => {
    await using t = await startTestServer();
    t.server.faults.add({ operation: "PutObject", action: { type: "cut", afterBytes: 64 * 1024 } });

    const error = await caught(() => t.client().put("f/cut.bin", randomBytes(1024 * 1024)));
    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(error.status).toBe(-1);
    expect(t.server.inspect.objects(BUCKET)).toEqual([]);
    expect(await readdir(join(t.dir, ".tmp"))).toEqual([]);
  });

  it("cut: a chunked body cut before the handler reads it is no unhandled error", async () => {
    await using t = await startTestServer();
    t.server.faults.add({ operation: "PutObject", action: { type: "cut", afterBytes: 20_000 } });

    // putStream sends chunked; the whole body is on the wire before the handler starts reading.
    const body = Readable.from([randomBytes(60 * 1024)], { objectMode: false });
    const error = await caught(() => t.client().putStream("f/cut-early.bin", body));
    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(error.status).toBe(-1);
    expect(t.server.inspect.objects(BUCKET)).toEqual([]);
  });

  it("error: answers a chosen 5xx with an XML body, without doing the operation", async () => {
    await using t = await startTestServer();
    t.server.faults.add({ operation: "PutObject", nth: 1, action: { type: "error", status: 503 } });

    const error = await caught(() => t.client().put("f/503.txt", Buffer.from("x")));
    await t.client().put("f/ok.txt", Buffer.from("x"));

    expect(error.status).toBe(503);
    expect(error.code).toBe("ServiceUnavailable");
    expect(error.requestId).toMatch(/^[0-9A-F]{24}$/);
    expect(t.server.inspect.objects(BUCKET).map((o) => o.key)).toEqual(["f/ok.txt"]);
  });

  it("error: a failing UploadPart fails multipartUpload and leaves the upload open to abort", async () => {
    await using t = await startTestServer();
    const client = t.client();
    t.server.faults.add({
      operation: "UploadPart",
      nth: 2,
      action: { type: "error", status: 500 },
    });
    const data = randomBytes(350 * 1024);

    const error = await caught(() =>
      client.multipartUpload("f/parts.zip", data, { partSize: 100 * 1024, parallel: 1 }),
    );
    const open = t.server.inspect.openUploads(BUCKET);

    expect(error.status).toBe(500);
    expect(open).toHaveLength(1);
    await client.abortMultipartUpload("f/parts.zip", open[0]?.uploadId ?? "");
    expect(t.server.inspect.openUploads(BUCKET)).toEqual([]);
    expect(t.server.inspect.objects(BUCKET)).toEqual([]);
  });

  it("error: a failed CompleteMultipartUpload keeps the parts, and a retry completes", async () => {
    await using t = await startTestServer();
    const client = t.client();
    const part = randomBytes(1000);
    t.server.faults.add({
      operation: "CompleteMultipartUpload",
      nth: 1,
      action: { type: "error", status: 502 },
    });
    const { uploadId } = await client.initMultipartUpload("f/retry.zip");
    const p1 = await client.uploadPart("f/retry.zip", uploadId, 1, part, 0, part.length);

    const error = await caught(() =>
      client.completeMultipartUpload("f/retry.zip", uploadId, [{ number: 1, etag: p1.etag }]),
    );
    await client.completeMultipartUpload("f/retry.zip", uploadId, [{ number: 1, etag: p1.etag }]);

    expect(error.status).toBe(502);
    expect((await client.get("f/retry.zip")).content.equals(part)).toBe(true);
    expect(t.server.inspect.openUploads(BUCKET)).toEqual([]);
  });

  it("wrongCrc: sends a CRC-64 that does not match the body", async () => {
    await using t = await startTestServer();
    const body = Buffer.from("checked body");
    await t.client().put("f/crc.txt", body);
    const rule = t.server.faults.add({ operation: "GetObject", action: { type: "wrongCrc" } });

    const bad = await t.client().get("f/crc.txt");
    rule.remove();
    const good = await t.client().get("f/crc.txt");

    const expected = referenceCrc64(body).toString();
    expect((bad.res.headers as Record<string, string>)["x-oss-hash-crc64ecma"]).not.toBe(expected);
    expect((good.res.headers as Record<string, string>)["x-oss-hash-crc64ecma"]).toBe(expected);
    expect(bad.content.equals(body)).toBe(true);
  });

  it("wrongCrc: also on PutObject and CompleteMultipartUpload answers", async () => {
    await using t = await startTestServer();
    t.server.faults.add({ operation: "*", action: { type: "wrongCrc" } });
    const body = Buffer.from("x");

    const put = await t.client().put("f/put.txt", body);

    expect((put.res.headers as Record<string, string>)["x-oss-hash-crc64ecma"]).not.toBe(
      referenceCrc64(body).toString(),
    );
    expect(t.server.inspect.objects(BUCKET)[0]?.crc64).toBe(referenceCrc64(body).toString());
  });

  it("counts requests per operation, and clear() removes every rule", async () => {
    await using t = await startTestServer();
    const client = t.client();
    t.server.faults.add({ operation: "GetObject", action: { type: "error", status: 503 } });
    await client.put("f/c.txt", Buffer.from("c"));
    await caught(() => client.get("f/c.txt"));

    t.server.faults.clear();
    await client.get("f/c.txt");
    await client.head("f/c.txt");

    expect(t.server.inspect.requestCounts()).toEqual({ PutObject: 1, GetObject: 2, HeadObject: 1 });
    t.server.inspect.resetRequestCounts();
    expect(t.server.inspect.requestCounts()).toEqual({});
  });
});
