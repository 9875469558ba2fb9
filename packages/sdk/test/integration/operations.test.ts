import { readFile } from "node:fs/promises";
import path from "node:path";
import { type KuraProcess, listFiles, startKuraProcess } from "@kura/test-kura";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import {
  createClient,
  type Entry,
  type EntryPage,
  type KuraClient,
  KuraError,
} from "../../src/index.js";
import { makeZip, pythonZip, removeScratchDirs, scratchDir } from "../support/fixtures.js";

const MISSING_ID = "01890a5d-ac96-774b-bcce-b302099a8057";

/** Entries in the order the server lists them: by path, code point by code point. */
const ENTRIES = {
  "README.md": "read me\n",
  "docs/guide.md": "a guide\n",
  "src/a.ts": "export const a = 1;\n",
  "src/b.ts": "export const b = 2;\n",
  "src/lib/c.ts": "export const c = 3;\n",
  "src/lib/d.ts": "export const d = 4;\n",
  "src_other.txt": "not under src/\n",
};

describe("entries, download links and deletion against a live server", () => {
  let kura: KuraProcess;
  let client: KuraClient;
  let tree: string;

  beforeAll(async () => {
    kura = await startKuraProcess();
    client = createClient({ url: kura.url });
    tree = pythonZip(path.join(await scratchDir(), "tree.zip"), ENTRIES);
  });

  afterAll(async () => {
    await kura?.stop();
    await removeScratchDirs();
  });

  it("says whether every entry was verified", async () => {
    const upload = await client.uploadZip(tree);

    expect(upload.verified).toBe(true);
    expect(await client.upload(upload.id)).toMatchObject({ verified: true });
  });

  it("pages through entries under a prefix, and walks them all", async () => {
    const { id } = await client.uploadZip(tree);

    const first = await client.entries(id, { first: 2, pathPrefix: "src/" });
    expectTypeOf(first).toEqualTypeOf<EntryPage | null>();
    expect(first?.edges.map((e) => e.node.path)).toEqual(["src/a.ts", "src/b.ts"]);
    expect(first?.pageInfo.hasNextPage).toBe(true);
    expect(first?.edges[0]?.node).toMatchObject({
      size: ENTRIES["src/a.ts"].length,
      compressedSize: ENTRIES["src/a.ts"].length,
      method: 0,
      isDirectory: false,
      isMetadata: false,
      verified: true,
    });

    const second = await client.entries(id, {
      first: 2,
      pathPrefix: "src/",
      after: first?.pageInfo.endCursor,
    });
    expect(second?.edges.map((e) => e.node.path)).toEqual(["src/lib/c.ts", "src/lib/d.ts"]);
    expect(second?.pageInfo.hasNextPage).toBe(false);

    const walked: Entry[] = [];
    for await (const entry of client.allEntries(id, { pageSize: 3 })) walked.push(entry);
    expect(walked.map((e) => e.path)).toEqual(Object.keys(ENTRIES));

    const under: string[] = [];
    for await (const entry of client.allEntries(id, { pageSize: 1, pathPrefix: "src/lib/" })) {
      under.push(entry.path);
    }
    expect(under).toEqual(["src/lib/c.ts", "src/lib/d.ts"]);
  });

  it("answers null for the entries of a missing upload, and NOT_FOUND when walking them", async () => {
    expect(await client.entries(MISSING_ID)).toBeNull();

    const walk = async () => {
      for await (const _ of client.allEntries(MISSING_ID)) expect.unreachable();
    };
    const error = await walk().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KuraError);
    expect(error).toMatchObject({ code: "NOT_FOUND", reason: "not_found" });
  });

  it("gives a download link that serves the uploaded bytes", async () => {
    const file = await makeZip(await scratchDir(), "download.zip");
    const { id } = await client.uploadZip(file);

    const url = await client.downloadUrl(id, { expiresIn: 60 });
    expectTypeOf(url).toEqualTypeOf<string | null>();
    if (url === null) expect.unreachable("a stored upload has a download link");

    const response = await fetch(url);
    expect(response.status).toBe(200);
    const downloaded = Buffer.from(await response.arrayBuffer());
    expect(downloaded.equals(await readFile(file))).toBe(true);
    expect(response.headers.get("content-disposition")).toContain("download.zip");

    expect(await client.downloadUrl(MISSING_ID)).toBeNull();
  });

  it("BAD_USER_INPUT for a link lifetime out of range", async () => {
    const { id } = await client.uploadZip(tree);
    const error = await client.downloadUrl(id, { expiresIn: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KuraError);
    expect(error).toMatchObject({ code: "BAD_USER_INPUT" });
  });

  it("deletes an upload once: true, then false, and its bytes are gone", async () => {
    const { id } = await client.uploadZip(tree);
    const url = await client.downloadUrl(id);
    const storedBefore = await listFiles(kura.storageDir);

    const first = await client.deleteUpload(id);
    expectTypeOf(first).toEqualTypeOf<boolean>();
    expect(first).toBe(true);
    expect(await client.deleteUpload(id)).toBe(false);

    expect(await client.upload(id)).toBeNull();
    expect(await listFiles(kura.storageDir)).toHaveLength(storedBefore.length - 1);
    expect((await fetch(url ?? "")).status).toBe(404);
  });
});
