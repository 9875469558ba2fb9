import { randomBytes } from "node:crypto";
import { rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { createConnection } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crc64Decimal } from "../../src/storage/crc64.js";
import { readBytes, run, scratchDir, sha256, sha256sum, writeTree } from "../support/archives.js";
import { query, uploadZip } from "../support/graphql-client.js";
import { MYSQL } from "../support/kura.js";
import { OSS_BUCKET, type OssKura, startOssKura } from "../support/oss.js";

interface Uploaded {
  id: string;
  filename: string;
  size: number;
  sha256: string;
}

const PART_SIZE = 5 * 1024 * 1024;
const DOWNLOAD_URL = "query($id: ID!) { upload(id: $id) { downloadUrl(expiresIn: 600) } }";

describe("uploadZip into OSS, recorded in MariaDB", () => {
  let env: OssKura;
  let fixtures: string;
  let smallZip: string;

  beforeAll(async () => {
    env = await startOssKura("mysql", { OSS_PART_SIZE: String(PART_SIZE) });
    fixtures = await scratchDir();
    await writeTree(path.join(fixtures, "tree"), {
      "notes.txt": "stored in a bucket\n".repeat(300),
      "random.bin": randomBytes(20_000),
    });
    smallZip = path.join(fixtures, "small.zip");
    run("zip", ["-qr", smallZip, "."], path.join(fixtures, "tree"));
  });

  afterAll(async () => {
    await env?.stop();
    if (fixtures) await rm(fixtures, { recursive: true, force: true });
  });

  async function upload(file: string, filename = path.basename(file)): Promise<Uploaded> {
    const response = await uploadZip(env.kura.url, { filename, content: { path: file } });
    expect(response.body.errors).toBeUndefined();
    return (response.body.data as { uploadZip: Uploaded }).uploadZip;
  }

  async function objectKeyOf(id: string): Promise<string | undefined> {
    const connection = await createConnection({ ...MYSQL, database: env.kura.database });
    try {
      const [rows] = await connection.query("SELECT object_key FROM uploads WHERE id = ?", [id]);
      return (rows as { object_key: string }[])[0]?.object_key;
    } finally {
      await connection.end();
    }
  }

  async function downloadUrl(id: string): Promise<string> {
    const response = await query<{ upload: { downloadUrl: string } }>(env.kura.url, DOWNLOAD_URL, {
      id,
    });
    expect(response.body.errors).toBeUndefined();
    return response.body.data?.upload.downloadUrl ?? "";
  }

  it("streams a small archive as one PutObject whose CRC-64 OSS confirms", async () => {
    env.oss.inspect.resetRequestCounts();
    const uploaded = await upload(smallZip);

    const key = await objectKeyOf(uploaded.id);
    expect(key).toMatch(new RegExp(`^uploads/\\d{4}/\\d{2}/\\d{2}/${uploaded.id}\\.zip$`));
    const object = env.oss.inspect.objects(OSS_BUCKET).find((o) => o.key === key);
    expect(object).toMatchObject({ size: uploaded.size, type: "Normal" });
    expect(object?.crc64).toBe(crc64Decimal(readBytes(smallZip)));
    expect(object?.headers["content-type"]).toBe("application/zip");

    const counts = env.oss.inspect.requestCounts();
    expect(counts.PutObject).toBe(1);
    expect(counts.InitiateMultipartUpload).toBeUndefined();
  });

  it("lists the object by prefix through ali-oss", async () => {
    const uploaded = await upload(smallZip);
    const key = (await objectKeyOf(uploaded.id)) ?? "";

    const listed = [];
    for await (const info of env.kura.store.list(key.slice(0, key.lastIndexOf("/") + 1))) {
      listed.push(info);
    }
    expect(listed.map((o) => o.key)).toContain(key);
    expect(listed.find((o) => o.key === key)?.size).toBe(uploaded.size);
    expect(await env.kura.store.head(key)).toMatchObject({ key, size: uploaded.size });
  });

  it("downloads byte-exact through downloadUrl, whole and by range, as a Japanese name", async () => {
    const name = "請求書_2024年.zip";
    const uploaded = await upload(smallZip, name);
    const url = await downloadUrl(uploaded.id);
    expect(url.startsWith(`${env.oss.url}/`)).toBe(true);

    const whole = await fetch(url);
    expect(whole.status).toBe(200);
    const bytes = Buffer.from(await whole.arrayBuffer());
    expect(sha256(bytes)).toBe(sha256sum(smallZip));
    const disposition = whole.headers.get("content-disposition") ?? "";
    expect(disposition).toMatch(/^attachment;/);
    const encoded = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1] ?? "";
    expect(decodeURIComponent(encoded)).toBe(name);

    const ranged = await fetch(url, { headers: { range: "bytes=100-1099" } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get("content-range")).toBe(`bytes 100-1099/${uploaded.size}`);
    expect(Buffer.from(await ranged.arrayBuffer())).toEqual(bytes.subarray(100, 1100));
  });

  it("refuses a download URL whose signature was altered", async () => {
    const uploaded = await upload(smallZip);
    const url = new URL(await downloadUrl(uploaded.id));
    const signature = url.searchParams.get("x-oss-signature") ?? "";
    url.searchParams.set(
      "x-oss-signature",
      signature.replace(/.$/, (c) => (c === "0" ? "1" : "0")),
    );

    expect((await fetch(url)).status).toBe(403);
  });

  it("deletes object and row, and a second delete answers false", async () => {
    const uploaded = await upload(smallZip);
    const key = await objectKeyOf(uploaded.id);
    const remove = () =>
      query<{ deleteUpload: boolean }>(
        env.kura.url,
        "mutation($id: ID!) { deleteUpload(id: $id) }",
        {
          id: uploaded.id,
        },
      );

    expect((await remove()).body).toEqual({ data: { deleteUpload: true } });
    expect(env.oss.inspect.objects(OSS_BUCKET).some((o) => o.key === key)).toBe(false);
    expect(await objectKeyOf(uploaded.id)).toBeUndefined();
    const gone = await query(env.kura.url, "query($id: ID!) { upload(id: $id) { id } }", {
      id: uploaded.id,
    });
    expect(gone.body).toEqual({ data: { upload: null } });

    expect((await remove()).body).toEqual({ data: { deleteUpload: false } });
  });

  it("sends an archive over 100 MB through multipart upload, in order, and completes it", async () => {
    const dir = await scratchDir();
    try {
      // Stored without compression, so that the archive is as large as its random content.
      await writeFile(path.join(dir, "random-a.bin"), randomBytes(55 * 1024 * 1024));
      await writeFile(path.join(dir, "random-b.bin"), randomBytes(50 * 1024 * 1024));
      const large = path.join(dir, "large.zip");
      run("zip", ["-q", "-0", large, "random-a.bin", "random-b.bin"], dir);
      await rm(path.join(dir, "random-a.bin"));
      await rm(path.join(dir, "random-b.bin"));
      const { size } = await stat(large);
      expect(size).toBeGreaterThan(100 * 1024 * 1024);

      env.oss.inspect.resetRequestCounts();
      const uploaded = await upload(large);
      expect(uploaded.sha256).toBe(sha256sum(large));

      const key = await objectKeyOf(uploaded.id);
      const object = env.oss.inspect.objects(OSS_BUCKET).find((o) => o.key === key);
      expect(object).toMatchObject({ size, type: "Multipart" });
      const counts = env.oss.inspect.requestCounts();
      expect(counts.UploadPart).toBe(Math.ceil(size / PART_SIZE));
      expect(counts.CompleteMultipartUpload).toBe(1);
      expect(counts.PutObject).toBeUndefined();
      expect(env.oss.inspect.openUploads(OSS_BUCKET)).toEqual([]);

      const response = await fetch(await downloadUrl(uploaded.id));
      const downloaded = Buffer.from(await response.arrayBuffer());
      expect(downloaded.length).toBe(size);
      expect(sha256(downloaded)).toBe(uploaded.sha256);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
