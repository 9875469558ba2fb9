import { randomBytes } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import { request } from "node:http";
import path from "node:path";
import type { FaultRule } from "@kura/oss-server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { readBytes, run, scratchDir } from "../support/archives.js";
import { query, uploadZip } from "../support/graphql-client.js";
import { startTestKura } from "../support/kura.js";
import { OSS_BUCKET, OSS_KEY, OSS_REGION, type OssKura, startOssKura } from "../support/oss.js";

const PART_SIZE = 100 * 1024;
// Uploads whose request is under this go as one streamed PutObject, larger ones in parts.
const THRESHOLD = 300 * 1024;
const COUNT = "{ uploads(first: 1) { totalCount } }";

describe("OSS faults leave no row, no object and no open multipart upload", () => {
  let env: OssKura;
  let fixtures: string;
  let smallZip: string;
  let partsZip: string;

  beforeAll(async () => {
    env = await startOssKura("mysql", {
      OSS_PART_SIZE: String(PART_SIZE),
      OSS_MULTIPART_THRESHOLD: String(THRESHOLD),
    });
    fixtures = await scratchDir();
    await writeFile(path.join(fixtures, "small.bin"), randomBytes(60 * 1024));
    await writeFile(path.join(fixtures, "large.bin"), randomBytes(650 * 1024));
    smallZip = path.join(fixtures, "small.zip");
    partsZip = path.join(fixtures, "parts.zip");
    run("zip", ["-q", "-0", smallZip, "small.bin"], fixtures);
    run("zip", ["-q", "-0", partsZip, "large.bin"], fixtures);
  });

  afterEach(() => {
    env.oss.faults.clear();
  });

  afterAll(async () => {
    await env?.stop();
    if (fixtures) await rm(fixtures, { recursive: true, force: true });
  });

  async function state(): Promise<{ rows: number; objects: string[]; open: number }> {
    const counted = await query<{ uploads: { totalCount: number } }>(env.kura.url, COUNT);
    return {
      rows: counted.body.data?.uploads.totalCount ?? -1,
      objects: env.oss.inspect.objects(OSS_BUCKET).map((o) => o.key),
      open: env.oss.inspect.openUploads(OSS_BUCKET).length,
    };
  }

  /** Uploads `file` under `fault`, expects `code`, then checks nothing stayed and Kura recovers. */
  async function expectCleanFailure(
    file: string,
    fault: FaultRule | undefined,
    expected: { code: string; reason?: string },
  ): Promise<void> {
    const before = await state();
    const handle = fault ? env.oss.faults.add(fault) : undefined;

    const response = await uploadZip(env.kura.url, {
      filename: "faulty.zip",
      content: { path: file },
    });

    expect(response.body.errors?.[0]?.extensions, JSON.stringify(response.body)).toMatchObject(
      expected,
    );
    expect(response.body.data ?? null).toBeNull();
    if (handle) expect(handle.fired).toBeGreaterThan(0);
    env.oss.faults.clear();
    expect(await state()).toEqual(before);

    await expectUploadWorks(file);
  }

  async function expectUploadWorks(file: string): Promise<void> {
    const response = await uploadZip(env.kura.url, {
      filename: "after.zip",
      content: { path: file },
    });
    expect(response.body.errors).toBeUndefined();
    expect(env.oss.inspect.openUploads(OSS_BUCKET)).toEqual([]);
  }

  it("answers STORAGE_UNAVAILABLE while the OSS server is down, then works again", async () => {
    const before = await state();
    await env.stopOss();
    try {
      for (const file of [smallZip, partsZip]) {
        const response = await uploadZip(env.kura.url, {
          filename: "down.zip",
          content: { path: file },
        });
        expect(response.body.errors?.[0]?.extensions).toMatchObject({
          code: "STORAGE_UNAVAILABLE",
          reason: "unreachable",
        });
        expect(response.status).toBe(503);
      }
    } finally {
      await env.restartOss();
    }
    expect(await state()).toEqual(before);

    await expectUploadWorks(smallZip);
    await expectUploadWorks(partsZip);
  });

  it("fails cleanly when the connection is cut in the middle of a PutObject", async () => {
    await expectCleanFailure(
      smallZip,
      { operation: "PutObject", action: { type: "cut", afterBytes: 20_000 } },
      { code: "STORAGE_UNAVAILABLE", reason: "unreachable" },
    );
  });

  it("aborts the multipart upload when the connection is cut in the middle of a part", async () => {
    await expectCleanFailure(
      partsZip,
      { operation: "UploadPart", nth: 3, action: { type: "cut", afterBytes: 50_000 } },
      { code: "STORAGE_UNAVAILABLE", reason: "unreachable" },
    );
  });

  it("aborts the multipart upload when a part answers 500", async () => {
    await expectCleanFailure(
      partsZip,
      { operation: "UploadPart", nth: 2, action: { type: "error", status: 500 } },
      { code: "STORAGE_UNAVAILABLE", reason: "server_error" },
    );
  });

  it("deletes an object whose CRC-64 OSS reports wrongly", async () => {
    await expectCleanFailure(
      smallZip,
      { operation: "PutObject", action: { type: "wrongCrc" } },
      { code: "STORAGE_UNAVAILABLE", reason: "crc64_mismatch" },
    );
  });

  it("aborts when a part's CRC-64 comes back wrong", async () => {
    await expectCleanFailure(
      partsZip,
      { operation: "UploadPart", nth: 4, action: { type: "wrongCrc" } },
      { code: "STORAGE_UNAVAILABLE", reason: "crc64_mismatch" },
    );
  });

  it("deletes the completed object when its combined CRC-64 comes back wrong", async () => {
    await expectCleanFailure(
      partsZip,
      { operation: "CompleteMultipartUpload", action: { type: "wrongCrc" } },
      { code: "STORAGE_UNAVAILABLE", reason: "crc64_mismatch" },
    );
  });

  it("answers STORAGE_UNAVAILABLE when initiating the multipart upload fails", async () => {
    await expectCleanFailure(
      partsZip,
      { operation: "InitiateMultipartUpload", action: { type: "error", status: 503 } },
      { code: "STORAGE_UNAVAILABLE", reason: "server_error" },
    );
  });

  it.each([
    ["a streamed PutObject", () => smallZip, "PutObject" as const],
    ["a multipart upload", () => partsZip, "UploadPart" as const],
  ])("stops %s within a second when the client goes away", async (_name, file, operation) => {
    const before = await state();
    env.oss.inspect.resetRequestCounts();
    // OSS answers slowly, so the upload is surely still in flight when the client leaves.
    env.oss.faults.add({ operation, action: { type: "delay", ms: 300 } });

    const abandoned = sendHalfAnUpload(env.kura.url, readBytes(file()));
    await waitFor(() => (env.oss.inspect.requestCounts()[operation] ?? 0) > 0, 10_000);
    const left = performance.now();
    abandoned.destroy();

    await waitFor(async () => {
      const now = await state();
      return now.open === 0 && now.objects.length === before.objects.length;
    }, 5_000);
    const cleanMs = performance.now() - left;
    expect(cleanMs).toBeLessThan(5_000);
    // Leave room for in-flight work to land if Kura failed to stop it.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await state()).toEqual(before);

    env.oss.faults.clear();
    await expectUploadWorks(file());
  });

  it("answers STORAGE_REJECTED for a wrong secret, without leaking credentials", async () => {
    const rejected = await startTestKura("sqlite", {
      OSS_ENDPOINT: env.oss.url,
      OSS_BUCKET,
      OSS_LOCATION: OSS_REGION,
      OSS_ACCESSKEYID: OSS_KEY.accessKeyId,
      OSS_ACCESSKEYSECRET: "not-the-secret",
    });
    try {
      const response = await uploadZip(rejected.url, {
        filename: "a.zip",
        content: { path: smallZip },
      });
      expect(response.body.errors?.[0]?.extensions).toMatchObject({
        code: "STORAGE_REJECTED",
        reason: "SignatureDoesNotMatch",
      });
      expect(response.status).toBe(502);
      const text = JSON.stringify(response.body);
      expect(text).not.toContain(OSS_KEY.accessKeyId);
      expect(text).not.toContain("not-the-secret");
      expect(text).not.toMatch(/signature=|OSS |StringToSign|authorization/i);
      expect(env.oss.inspect.openUploads(OSS_BUCKET)).toEqual([]);
      await expect(rejected.store.probe()).rejects.toMatchObject({ code: "STORAGE_REJECTED" });
    } finally {
      await rejected.stop();
    }
  });

  it("answers STORAGE_UNAVAILABLE with reason timeout when OSS is too slow", async () => {
    const impatient = await startTestKura("sqlite", {
      OSS_ENDPOINT: env.oss.url,
      OSS_BUCKET,
      OSS_LOCATION: OSS_REGION,
      OSS_ACCESSKEYID: OSS_KEY.accessKeyId,
      OSS_ACCESSKEYSECRET: OSS_KEY.accessKeySecret,
      OSS_TIMEOUT_MS: "1000",
    });
    env.oss.faults.add({ operation: "PutObject", action: { type: "delay", ms: 3_000 } });
    try {
      const before = env.oss.inspect.objects(OSS_BUCKET).length;
      const response = await uploadZip(impatient.url, {
        filename: "a.zip",
        content: { path: smallZip },
      });
      expect(response.body.errors?.[0]?.extensions).toMatchObject({
        code: "STORAGE_UNAVAILABLE",
        reason: "timeout",
      });
      // The delayed request is still served after Kura gave up on it, and OSS may store the body
      // it received; Kura deletes the key again at doubling intervals, so the object goes.
      let left = env.oss.inspect.objects(OSS_BUCKET).length;
      for (let waited = 0; left !== before && waited < 12_000; waited += 250) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        left = env.oss.inspect.objects(OSS_BUCKET).length;
      }
      expect(left).toBe(before);
    } finally {
      await impatient.stop();
    }
  });

  it("keeps the row when the object cannot be deleted, and deletes both once OSS is back", async () => {
    const uploaded = await uploadZip(env.kura.url, {
      filename: "keep.zip",
      content: { path: smallZip },
    });
    const id = (uploaded.body.data as { uploadZip: { id: string } }).uploadZip.id;
    const remove = () =>
      query(env.kura.url, "mutation($id: ID!) { deleteUpload(id: $id) }", { id });

    env.oss.faults.add({ operation: "DeleteObject", action: { type: "error", status: 503 } });
    const failed = await remove();
    expect(failed.body.errors?.[0]?.extensions).toMatchObject({ code: "STORAGE_UNAVAILABLE" });
    const still = await query(env.kura.url, "query($id: ID!) { upload(id: $id) { id } }", { id });
    expect(still.body).toEqual({ data: { upload: { id } } });

    env.oss.faults.clear();
    expect((await remove()).body).toEqual({ data: { deleteUpload: true } });
    expect((await remove()).body).toEqual({ data: { deleteUpload: false } });
  });
});

/** Starts a multipart upload request, sends half of the file, and leaves the socket open. */
function sendHalfAnUpload(url: string, bytes: Buffer): { destroy(): void } {
  const boundary = "kura-abandoned";
  const operations = JSON.stringify({
    query: "mutation($file: File!) { uploadZip(file: $file) { id } }",
    variables: { file: null },
  });
  const head = Buffer.from(
    [
      `--${boundary}`,
      'Content-Disposition: form-data; name="operations"',
      "",
      operations,
      `--${boundary}`,
      'Content-Disposition: form-data; name="map"',
      "",
      JSON.stringify({ 0: ["variables.file"] }),
      `--${boundary}`,
      'Content-Disposition: form-data; name="0"; filename="abandoned.zip"',
      "Content-Type: application/zip",
      "",
      "",
    ].join("\r\n"),
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const req = request(`${url}/graphql`, {
    method: "POST",
    headers: {
      "content-type": `multipart/form-data; boundary=${boundary}`,
      "content-length": head.length + bytes.length + tail.length,
      "apollo-require-preflight": "true",
    },
  });
  req.on("error", () => {});
  req.write(head);
  req.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
  return { destroy: () => req.destroy() };
}

async function waitFor(check: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
