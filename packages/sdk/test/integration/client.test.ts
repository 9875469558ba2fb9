import { createReadStream, openAsBlob } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { type KuraProcess, startKuraProcess } from "@kura/test-kura";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { createClient, type KuraClient, type Upload, type UploadPage } from "../../src/index.js";
import { makeZip, removeScratchDirs, scratchDir, sha256sum } from "../support/fixtures.js";

describe("the SDK against a live server", () => {
  let kura: KuraProcess;
  let client: KuraClient;
  let zipFile: string;

  beforeAll(async () => {
    kura = await startKuraProcess({ KURA_PAGE_SIZE_MAX: "2" });
    client = createClient({ url: kura.url });
    zipFile = await makeZip(await scratchDir(), "archive.zip");
  });

  afterAll(async () => {
    await kura?.stop();
    await removeScratchDirs();
  });

  it("uploads from a path and answers with the typed record", async () => {
    const upload = await client.uploadZip(zipFile);

    expectTypeOf(upload).toEqualTypeOf<Upload>();
    expect(upload).toMatchObject({
      filename: "archive.zip",
      size: (await readFile(zipFile)).length,
      sha256: sha256sum(zipFile),
      contentType: "application/zip",
      entryCount: 2,
      uncompressedSize: 2200 + 40_000,
    });
    expect(new Date(upload.createdAt).toISOString()).toBe(upload.createdAt);
  });

  it("uploads a Buffer, a Node stream, a web stream and a Blob alike", async () => {
    const bytes = await readFile(zipFile);
    const expected = sha256sum(zipFile);

    const fromBuffer = await client.uploadZip(bytes, { filename: "buffer.zip" });
    const fromFsStream = await client.uploadZip(createReadStream(zipFile));
    const fromReadable = await client.uploadZip(
      Readable.from([bytes.subarray(0, 100), bytes.subarray(100)]),
      {
        filename: "readable.zip",
      },
    );
    const fromWebStream = await client.uploadZip(
      Readable.toWeb(createReadStream(zipFile)) as ReadableStream<Uint8Array>,
      {
        filename: "web.zip",
      },
    );
    const fromBlob = await client.uploadZip(await openAsBlob(zipFile), { filename: "blob.zip" });
    const fromFile = await client.uploadZip(new File([bytes], "名前 📦.zip"));

    const all = [fromBuffer, fromFsStream, fromReadable, fromWebStream, fromBlob, fromFile];
    expect(all.map((u) => u.sha256)).toEqual(Array(6).fill(expected));
    expect(all.map((u) => u.filename)).toEqual([
      "buffer.zip",
      "archive.zip",
      "readable.zip",
      "web.zip",
      "blob.zip",
      "名前 📦.zip",
    ]);
  });

  it("lists one page, walks every page, and finds one upload", async () => {
    const page = await client.uploads({ first: 2 });
    expectTypeOf(page).toEqualTypeOf<UploadPage>();
    expect(page.edges).toHaveLength(2);
    expect(page.pageInfo.hasNextPage).toBe(true);

    const walked: Upload[] = [];
    for await (const upload of client.allUploads()) walked.push(upload);
    expect(walked).toHaveLength(page.totalCount);
    expect(new Set(walked.map((u) => u.id)).size).toBe(page.totalCount);
    expect(walked.slice(0, 2)).toEqual(page.edges.map((e) => e.node));

    const filtered = await client.uploads({ filter: { filenameContains: "BLOB" } });
    expect(filtered.edges.map((e) => e.node.filename)).toEqual(["blob.zip"]);

    const first = walked[0] as Upload;
    expect(await client.upload(first.id)).toEqual(first);
    expect(await client.upload("01890a5d-ac96-774b-bcce-b302099a8057")).toBeNull();
  });

  it("accepts the origin or the endpoint as url, and sends the caller's headers", async () => {
    const seen: Headers[] = [];
    const recording = createClient({
      url: `${kura.url}/graphql`,
      headers: async () => ({ "x-request-id": "sdk-test-42", authorization: "Bearer t" }),
      fetch: (input, init) => {
        seen.push(new Headers(init.headers));
        return fetch(input, init);
      },
    });

    await recording.uploads({ first: 1 });
    await recording.uploadZip(zipFile);

    expect(seen.map((h) => h.get("x-request-id"))).toEqual(["sdk-test-42", "sdk-test-42"]);
    expect(seen[1]?.get("apollo-require-preflight")).toBe("true");
    expect(seen[1]?.get("content-type")).toMatch(/^multipart\/form-data; boundary=/);
    expect(kura.logs.some((l) => l.requestId === "sdk-test-42")).toBe(true);
  });

  it("reports progress that rises to the file's size", async () => {
    const large = await makeZip(await scratchDir(), "large.zip", 3 * 1024 * 1024);
    const size = (await readFile(large)).length;
    const events: { loaded: number; total: number | undefined }[] = [];

    const upload = await client.uploadZip(large, { onProgress: (p) => events.push(p) });

    expect(upload.size).toBe(size);
    expect(events.length).toBeGreaterThan(5);
    expect(events[0]).toEqual({ loaded: 0, total: size });
    expect(events.at(-1)).toEqual({ loaded: size, total: size });
    const loaded = events.map((e) => e.loaded);
    expect(loaded).toEqual([...loaded].sort((a, b) => a - b));
  });

  it("reports progress without a total for a stream of unknown size", async () => {
    const events: { loaded: number; total: number | undefined }[] = [];
    await client.uploadZip(createReadStream(zipFile), { onProgress: (p) => events.push(p) });

    expect(events.at(-1)).toEqual({ loaded: (await readFile(zipFile)).length, total: undefined });
  });

  it("refuses sources it cannot send before contacting the server", async () => {
    await expect(client.uploadZip(path.dirname(zipFile))).rejects.toThrow(/not a regular file/);
    await expect(client.uploadZip(Buffer.from("x"))).rejects.toThrow(/filename/);
    await expect(client.uploadZip(42 as unknown as string)).rejects.toThrow(TypeError);
  });
});
