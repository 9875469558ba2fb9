import { randomBytes } from "node:crypto";
import { readFile, truncate, writeFile } from "node:fs/promises";
import path from "node:path";
import { createConnection } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run, scratchDir, sha256sum, writeTree } from "../support/archives.js";
import { query, rawPost, uploadZip } from "../support/graphql-client.js";
import {
  type DatabaseKind,
  listStoredFiles,
  MYSQL,
  startTestKura,
  type TestKura,
} from "../support/kura.js";

const COUNT = "{ uploads(first: 1) { totalCount } }";

describe.each<DatabaseKind>(["sqlite", "mysql"])("refused uploads on %s", (kind) => {
  let kura: TestKura;
  let fixtures: string;
  let goodZip: string;

  beforeAll(async () => {
    kura = await startTestKura(kind, { KURA_MAX_UPLOAD_BYTES: String(256 * 1024) });
    fixtures = await scratchDir();
    await writeTree(fixtures, {
      "notes.txt": "some notes\n".repeat(500),
      "random.bin": Buffer.from(Array.from({ length: 40_000 }, (_, i) => (i * 7919) % 251)),
    });
    goodZip = path.join(fixtures, "good.zip");
    run("zip", ["-q", goodZip, "notes.txt", "random.bin"], fixtures);
  });

  afterAll(async () => {
    await kura?.stop();
  });

  /** What a refused request must leave untouched: the object folder and the table. */
  async function snapshot(): Promise<{ files: string[]; rows: number }> {
    const counted = await query<{ uploads: { totalCount: number } }>(kura.url, COUNT);
    return {
      files: await listStoredFiles(kura.storageDir),
      rows: counted.body.data?.uploads.totalCount ?? -1,
    };
  }

  async function expectRefused(
    content: Uint8Array,
    expected: { code: string; reason?: string; status: number },
    sha?: string,
  ): Promise<void> {
    const before = await snapshot();
    const response = await uploadZip(kura.url, { filename: "upload.zip", content, sha256: sha });

    expect(response.body.errors?.[0]?.extensions?.code).toBe(expected.code);
    if (expected.reason)
      expect(response.body.errors?.[0]?.extensions?.reason).toBe(expected.reason);
    expect(response.status).toBe(expected.status);
    expect(response.body.data ?? null).toBeNull();
    expect(await snapshot()).toEqual(before);
  }

  it("refuses plain text named .zip", async () => {
    await expectRefused(Buffer.from("this is not an archive at all\n".repeat(100)), {
      code: "INVALID_ZIP",
      reason: "not_zip",
      status: 422,
    });
  });

  it("refuses a ZIP cut in half", async () => {
    const bytes = await readFile(goodZip);
    await expectRefused(bytes.subarray(0, Math.floor(bytes.length / 2)), {
      code: "INVALID_ZIP",
      reason: "truncated",
      status: 422,
    });
  });

  it("refuses a ZIP missing only its last byte", async () => {
    const cut = path.join(fixtures, "cut.zip");
    await writeFile(cut, await readFile(goodZip));
    const bytes = await readFile(cut);
    await truncate(cut, bytes.length - 1);
    await expectRefused(await readFile(cut), { code: "INVALID_ZIP", status: 422 });
  });

  it("refuses a 0-byte file", async () => {
    await expectRefused(new Uint8Array(0), { code: "INVALID_ZIP", status: 422 });
  });

  it("refuses an archive with no entries", async () => {
    // The smallest valid ZIP: an end-of-central-directory record and nothing else.
    const empty = Buffer.alloc(22);
    empty.writeUInt32LE(0x06054b50, 0);
    await expectRefused(empty, { code: "EMPTY_ARCHIVE", status: 422 });
  });

  it("refuses a file over the size limit before storing any of it", async () => {
    // A sound archive, stored without compression, so that only its size is wrong.
    await writeTree(fixtures, { "large.bin": randomBytes(300 * 1024) });
    const large = path.join(fixtures, "large.zip");
    run("zip", ["-q", "-0", large, "large.bin"], fixtures);

    await expectRefused(await readFile(large), { code: "PAYLOAD_TOO_LARGE", status: 413 });
  });

  it("refuses bytes whose SHA-256 is not the declared one", async () => {
    const bytes = await readFile(goodZip);
    await expectRefused(bytes, { code: "CHECKSUM_MISMATCH", status: 422 }, "0".repeat(64));

    const malformed = await uploadZip(kura.url, {
      filename: "a.zip",
      content: bytes,
      sha256: "abc",
    });
    expect(malformed.body.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      reason: "sha256_format",
    });

    const accepted = await uploadZip(kura.url, {
      filename: "a.zip",
      content: bytes,
      sha256: sha256sum(goodZip).toUpperCase(),
    });
    expect(accepted.body.errors).toBeUndefined();
  });

  it("refuses a multipart request whose file part is missing", async () => {
    const before = await snapshot();
    const boundary = "kura-boundary";
    const body = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="operations"',
      "",
      JSON.stringify({
        query: "mutation($f: File!) { uploadZip(file: $f) { id } }",
        variables: { f: null },
      }),
      `--${boundary}`,
      'Content-Disposition: form-data; name="map"',
      "",
      JSON.stringify({ 0: ["variables.f"] }),
      `--${boundary}--`,
      "",
    ].join("\r\n");

    const response = await rawPost(
      kura.url,
      {
        "content-type": `multipart/form-data; boundary=${boundary}`,
        "apollo-require-preflight": "true",
      },
      body,
    );

    expect(JSON.parse(response.text).errors[0].extensions.code, response.text).toBe(
      "BAD_USER_INPUT",
    );
    expect(response.status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a multipart request without the CSRF header, before reading it", async () => {
    const before = await snapshot();
    const response = await uploadZip(kura.url, {
      filename: "a.zip",
      content: await readFile(goodZip),
      headers: { "apollo-require-preflight": "" },
    });

    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_REQUEST",
      reason: "csrf",
    });
    expect(await snapshot()).toEqual(before);
  });

  it("keeps serving after every refusal", async () => {
    const health = await fetch(`${kura.url}/healthz`);
    expect(health.status).toBe(200);

    const response = await uploadZip(kura.url, {
      filename: "after.zip",
      content: { path: goodZip },
    });
    expect(response.body.errors).toBeUndefined();
  });

  it.runIf(kind === "mysql")("masks an unexpected database error", async () => {
    const connection = await createConnection({ ...MYSQL, database: kura.database });
    try {
      await connection.query("RENAME TABLE uploads TO uploads_hidden");
      const response = await query(kura.url, COUNT);
      expect(response.status).toBe(500);
      expect(response.body.errors?.[0]).toMatchObject({
        message: "Internal server error.",
        extensions: { code: "INTERNAL_SERVER_ERROR" },
      });
      expect(JSON.stringify(response.body)).not.toMatch(/select|sql|stack|uploads_|\.[jt]s\b/i);
    } finally {
      await connection.query("RENAME TABLE uploads_hidden TO uploads");
      await connection.end();
    }
  });
});
