import { execFileSync } from "node:child_process";
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { type KuraProcess, listFiles, startKuraProcess } from "@kura/test-kura";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import {
  createClient,
  type KuraClient,
  KuraError,
  type KuraErrorCode,
  KuraNetworkError,
  type TypedDocument,
} from "../../src/index.js";
import {
  emptyZip,
  makeZip,
  pythonZip,
  removeScratchDirs,
  scratchDir,
} from "../support/fixtures.js";

const MAX_UPLOAD_BYTES = 256 * 1024;
const MAX_ENTRIES = 5;

describe("server refusals as KuraError", () => {
  let kura: KuraProcess;
  let client: KuraClient;
  let zipFile: string;

  beforeAll(async () => {
    kura = await startKuraProcess({
      KURA_MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES),
      KURA_ZIP_MAX_ENTRIES: String(MAX_ENTRIES),
    });
    client = createClient({ url: kura.url });
    zipFile = await makeZip(await scratchDir(), "good.zip");
  });

  afterAll(async () => {
    await kura?.stop();
    await removeScratchDirs();
  });

  /** The error a call rejected with, which must be a KuraError. */
  async function refusal(call: Promise<unknown>): Promise<KuraError> {
    const error = await call.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(KuraError);
    return error as KuraError;
  }

  async function nothingStored(): Promise<void> {
    expect((await client.uploads()).totalCount).toBe(0);
    expect(await listFiles(kura.storageDir)).toEqual([]);
  }

  it("INVALID_ZIP with its reason", async () => {
    const error = await refusal(
      client.uploadZip(Buffer.from("plain text\n".repeat(100)), { filename: "a.zip" }),
    );
    expect(error).toMatchObject({ code: "INVALID_ZIP", reason: "not_zip", status: 422 });
    expect(error.kind).toBe("server");
    await nothingStored();
  });

  it("EMPTY_ARCHIVE", async () => {
    const error = await refusal(client.uploadZip(emptyZip(), { filename: "empty.zip" }));
    expect(error).toMatchObject({ code: "EMPTY_ARCHIVE", status: 422 });
    await nothingStored();
  });

  it("CHECKSUM_MISMATCH, and BAD_USER_INPUT for a malformed sha256", async () => {
    const mismatch = await refusal(client.uploadZip(zipFile, { sha256: "0".repeat(64) }));
    expect(mismatch).toMatchObject({ code: "CHECKSUM_MISMATCH", reason: "sha256" });

    const malformed = await refusal(client.uploadZip(zipFile, { sha256: "abc" }));
    expect(malformed).toMatchObject({ code: "BAD_USER_INPUT", reason: "sha256_format" });
    await nothingStored();
  });

  it("PAYLOAD_TOO_LARGE with the limit it crossed", async () => {
    // A sound archive, stored without compression, so that only its size is wrong.
    const big = await makeZip(await scratchDir(), "big.zip", MAX_UPLOAD_BYTES + 1024);
    const error = await refusal(client.uploadZip(big));
    expect(error).toMatchObject({ code: "PAYLOAD_TOO_LARGE", status: 413 });
    expect(error.extensions.reason).toBeDefined();
    await nothingStored();
  });

  it("UNSAFE_ENTRY naming the entry that climbs out of the target folder", async () => {
    const file = pythonZip(path.join(await scratchDir(), "evil.zip"), {
      "fine.txt": "fine\n",
      "../evil": "escaped\n",
    });
    const error = await refusal(client.uploadZip(file));
    expect(error).toMatchObject({
      code: "UNSAFE_ENTRY",
      reason: "path_traversal",
      entry: "../evil",
      status: 422,
    });
    await nothingStored();
  });

  it("ENCRYPTED_ENTRY naming the entry a password protects", async () => {
    const dir = await scratchDir();
    await writeFile(path.join(dir, "secret.txt"), "a secret\n");
    execFileSync("zip", ["-q", "-P", "pw", "locked.zip", "secret.txt"], { cwd: dir });

    const error = await refusal(client.uploadZip(path.join(dir, "locked.zip")));
    expect(error).toMatchObject({
      code: "ENCRYPTED_ENTRY",
      reason: "zipcrypto",
      entry: "secret.txt",
      status: 422,
    });
    await nothingStored();
  });

  it("ZIP_BOMB for an entry that inflates far beyond its compressed size", async () => {
    const file = pythonZip(
      path.join(await scratchDir(), "bomb.zip"),
      { "zeros.bin": { zeros: 8 * 1024 * 1024 } },
      true,
    );
    const error = await refusal(client.uploadZip(file));
    expect(error).toMatchObject({
      code: "ZIP_BOMB",
      reason: "entry_ratio",
      entry: "zeros.bin",
      status: 422,
    });
    await nothingStored();
  });

  it("LIMIT_EXCEEDED naming the limit an archive crosses", async () => {
    const names = Array.from({ length: MAX_ENTRIES + 1 }, (_, i) => [`f${i}.txt`, `${i}\n`]);
    const file = pythonZip(path.join(await scratchDir(), "many.zip"), Object.fromEntries(names));
    const error = await refusal(client.uploadZip(file));
    expect(error).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "maxEntries", status: 422 });
    expect(error.reason).toBe("max_entries");
    await nothingStored();
  });

  it("BAD_USER_INPUT for a page size out of range and a bad cursor", async () => {
    const size = await refusal(client.uploads({ first: 0 }));
    expect(size).toMatchObject({ code: "BAD_USER_INPUT", reason: "page_size" });

    const cursor = await refusal(client.uploads({ after: "not-a-cursor" }));
    expect(cursor.code).toBe("BAD_USER_INPUT");
  });

  it("BAD_REQUEST when a fetch in between drops the CSRF header", async () => {
    const stripping = createClient({
      url: kura.url,
      fetch: (input, init) => {
        const headers = new Headers(init.headers);
        headers.delete("apollo-require-preflight");
        return fetch(input, { ...init, headers });
      },
    });
    const error = await refusal(stripping.uploadZip(zipFile));
    expect(error).toMatchObject({ code: "BAD_REQUEST", reason: "csrf", status: 400 });
    await nothingStored();
  });

  it("NOT_FOUND for a path the server does not serve", async () => {
    const elsewhere = createClient({ url: `${kura.url}/not-graphql` });
    const error = await refusal(elsewhere.uploads());
    expect(error).toMatchObject({ code: "NOT_FOUND", status: 404 });
  });

  it("BAD_USER_INPUT for a variable of the wrong type", async () => {
    const error = await refusal(client.uploads({ first: "two" as unknown as number }));
    expect(error.code).toBe("BAD_USER_INPUT");
  });

  it("GRAPHQL_VALIDATION_FAILED for a document the schema does not have", async () => {
    const document = { toString: () => "{ nothingHere }" } as TypedDocument<unknown, object>;
    const error = await refusal(client.request(document, {}));
    expect(error).toMatchObject({ code: "GRAPHQL_VALIDATION_FAILED", status: 400 });
  });

  it("INTERNAL_SERVER_ERROR, masked, when the server's storage breaks", async () => {
    await rm(path.join(kura.storageDir, ".incoming"), { recursive: true, force: true });
    const error = await refusal(client.uploadZip(zipFile));
    expect(error).toMatchObject({
      code: "INTERNAL_SERVER_ERROR",
      message: "Internal server error.",
    });
  });

  it("lets callers switch on the code with type help", () => {
    expectTypeOf<"INVALID_ZIP">().toExtend<KuraErrorCode>();
    expectTypeOf<"CHECKSUM_MISMATCH">().toExtend<KuraError["code"]>();
  });
});

describe("network failures as KuraNetworkError", () => {
  it("when nothing listens", async () => {
    const kura = await startKuraProcess();
    const url = kura.url;
    await kura.stop();

    const client = createClient({ url });
    const error = await client.uploads().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KuraNetworkError);
    expect(error).toMatchObject({ kind: "network", message: /ECONNREFUSED/ });
  });

  it("when something that is not Kura answers", async () => {
    const client = createClient({
      url: "http://127.0.0.1:9",
      fetch: async () => new Response("<html>Bad Gateway</html>", { status: 502 }),
    });
    const error = await client.upload("x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KuraNetworkError);
    expect(error).toMatchObject({ status: 502 });
  });
});
