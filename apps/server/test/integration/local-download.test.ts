import { rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EntrySchema } from "../../src/db/entry-entity.js";
import { readBytes, run, scratchDir, sha256, writeTree } from "../support/archives.js";
import { query, uploadZip } from "../support/graphql-client.js";
import { listStoredFiles, startTestKura, type TestKura } from "../support/kura.js";

describe("downloadUrl and deleteUpload on the local store", () => {
  let kura: TestKura;
  let fixtures: string;
  let zipFile: string;

  beforeAll(async () => {
    kura = await startTestKura("sqlite");
    fixtures = await scratchDir();
    await writeTree(path.join(fixtures, "tree"), { "a.txt": "local bytes\n".repeat(2_000) });
    zipFile = path.join(fixtures, "local.zip");
    run("zip", ["-q", "-0", "-r", zipFile, "."], path.join(fixtures, "tree"));
  });

  afterAll(async () => {
    await kura?.stop();
    if (fixtures) await rm(fixtures, { recursive: true, force: true });
  });

  async function uploadWithUrl(name: string): Promise<{ id: string; url: string }> {
    const uploaded = await uploadZip(kura.url, { filename: name, content: { path: zipFile } });
    const id = (uploaded.body.data as { uploadZip: { id: string } }).uploadZip.id;
    const response = await query<{ upload: { downloadUrl: string } }>(
      kura.url,
      "query($id: ID!) { upload(id: $id) { downloadUrl(expiresIn: 60) } }",
      { id },
    );
    expect(response.body.errors).toBeUndefined();
    return { id, url: response.body.data?.upload.downloadUrl ?? "" };
  }

  it("serves the bytes itself, signed, as an attachment with the original name", async () => {
    const name = "請求書_2024年.zip";
    const { url } = await uploadWithUrl(name);
    expect(url.startsWith(`${kura.url}/download/`)).toBe(true);

    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(sha256(Buffer.from(await response.arrayBuffer()))).toBe(sha256(readBytes(zipFile)));
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="____2024_.zip"; filename*=UTF-8''${encodeURIComponent(name)}`,
    );
    expect(response.headers.get("accept-ranges")).toBe("bytes");
  });

  it("answers a range with 206 and a range past the end with 416", async () => {
    const { url } = await uploadWithUrl("ranged.zip");
    const bytes = readBytes(zipFile);

    const ranged = await fetch(url, { headers: { range: "bytes=10-209" } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get("content-range")).toBe(`bytes 10-209/${bytes.length}`);
    expect(Buffer.from(await ranged.arrayBuffer())).toEqual(bytes.subarray(10, 210));

    const suffix = await fetch(url, { headers: { range: "bytes=-100" } });
    expect(suffix.status).toBe(206);
    expect(Buffer.from(await suffix.arrayBuffer())).toEqual(bytes.subarray(bytes.length - 100));

    const past = await fetch(url, { headers: { range: `bytes=${bytes.length}-` } });
    expect(past.status).toBe(416);
    expect(past.headers.get("content-range")).toBe(`bytes */${bytes.length}`);
  });

  it("refuses a link whose name, key or expiry was changed", async () => {
    const { url } = await uploadWithUrl("signed.zip");

    for (const [param, value] of [
      ["filename", "other.zip"],
      ["expires", String(Math.floor(Date.now() / 1000) + 10_000)],
      ["signature", "A".repeat(43)],
    ]) {
      const altered = new URL(url);
      altered.searchParams.set(param as string, value as string);
      const response = await fetch(altered);
      expect(response.status, param).toBe(404);
      expect(await response.json()).toMatchObject({
        errors: [{ extensions: { code: "NOT_FOUND", reason: "link" } }],
      });
    }

    const otherKey = new URL(url);
    otherKey.pathname = otherKey.pathname.replace(/\.zip$/, "0.zip");
    expect((await fetch(otherKey)).status).toBe(404);
  });

  it("refuses expiresIn out of range", async () => {
    const { id } = await uploadWithUrl("bounds.zip");
    const response = await query(
      kura.url,
      "query($id: ID!) { upload(id: $id) { downloadUrl(expiresIn: 0) } }",
      { id },
    );
    expect(response.body.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      reason: "expires_in",
    });
  });

  it("deletes file and row; a second delete answers false and the link stops working", async () => {
    const { id, url } = await uploadWithUrl("gone.zip");
    const remove = () => query(kura.url, "mutation($id: ID!) { deleteUpload(id: $id) }", { id });

    const em = kura.orm.em.fork();
    expect(await em.count(EntrySchema, { uploadId: id })).toBeGreaterThan(0);

    expect((await remove()).body).toEqual({ data: { deleteUpload: true } });
    expect((await listStoredFiles(kura.storageDir)).some((f) => f.includes(id))).toBe(false);
    // SQLite leaves foreign keys unenforced: the entries must go by Kura's own hand.
    expect(await em.count(EntrySchema, { uploadId: id })).toBe(0);
    expect((await remove()).body).toEqual({ data: { deleteUpload: false } });

    const response = await fetch(url);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      errors: [{ extensions: { code: "NOT_FOUND", reason: "object" } }],
    });
  });

  it("answers the probe while the folder is usable", async () => {
    await expect(kura.store.probe()).resolves.toBeUndefined();
  });
});
