import { readFile } from "node:fs/promises";
import path from "node:path";
import { createConnection } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run, scratchDir, writeTree } from "../support/archives.js";
import { query, rawPost, uploadZip } from "../support/graphql-client.js";
import {
  type DatabaseKind,
  listStoredFiles,
  MYSQL,
  startTestKura,
  type TestKura,
} from "../support/kura.js";

const BOUNDARY = "kura-hostile";
const MULTIPART = {
  "content-type": `multipart/form-data; boundary=${BOUNDARY}`,
  "apollo-require-preflight": "true",
};
const OPERATIONS = JSON.stringify({
  query: "mutation($f: File!) { uploadZip(file: $f) { id filename } }",
  variables: { f: null },
});

function part(headers: string, body: string): string {
  return `--${BOUNDARY}\r\n${headers}\r\n\r\n${body}\r\n`;
}

const OPERATIONS_PART = part('Content-Disposition: form-data; name="operations"', OPERATIONS);
const MAP_PART = part('Content-Disposition: form-data; name="map"', '{"0":["variables.f"]}');

describe.each<DatabaseKind>(["sqlite", "mysql"])("hostile requests on %s", (kind) => {
  let kura: TestKura;
  let zipBytes: Buffer;

  beforeAll(async () => {
    kura = await startTestKura(kind);
    const fixtures = await scratchDir();
    await writeTree(fixtures, { "a.txt": "alpha\n" });
    run("zip", ["-q", "a.zip", "a.txt"], fixtures);
    zipBytes = await readFile(path.join(fixtures, "a.zip"));
  });

  afterAll(async () => {
    await kura?.stop();
  });

  async function expectAlive(): Promise<void> {
    const health = await fetch(`${kura.url}/healthz`);
    expect(health.status).toBe(200);
  }

  it.each([
    [
      "a part header that is not a header",
      `--${BOUNDARY}\r\nnot a header\r\n\r\nx\r\n--${BOUNDARY}--\r\n`,
    ],
    [
      "a malformed header on the operations part",
      `--${BOUNDARY}\r\nContent-Disposition form-data name operations\r\n\r\n${OPERATIONS}\r\n--${BOUNDARY}--\r\n`,
    ],
    [
      "a NUL inside a quoted file name",
      `${OPERATIONS_PART}${MAP_PART}--${BOUNDARY}\r\nContent-Disposition: form-data; name="0"; filename="a\u0000b.zip"\r\n\r\nPK\r\n--${BOUNDARY}--\r\n`,
    ],
    [
      "a body that ends before its closing boundary",
      `${OPERATIONS_PART}${MAP_PART}--${BOUNDARY}\r\nContent-Disposition: form-data; name="0"; filename="a.zip"\r\n\r\nPK\u0003\u0004`,
    ],
  ])("answers %s with 400 and keeps serving", async (_name, body) => {
    const response = await rawPost(kura.url, MULTIPART, body);

    expect(response.status).toBe(400);
    expect(JSON.parse(response.text).errors[0].extensions.code).toMatch(
      /^BAD_(REQUEST|USER_INPUT)$/,
    );
    await expectAlive();
    expect(await listStoredFiles(kura.storageDir)).toEqual([]);
  });

  it("refuses two files in one request as a bad request, not as too large", async () => {
    const body = [
      part(
        'Content-Disposition: form-data; name="operations"',
        JSON.stringify({
          query:
            "mutation($a: File!, $b: File!) { a: uploadZip(file: $a) { id } b: uploadZip(file: $b) { id } }",
          variables: { a: null, b: null },
        }),
      ),
      part(
        'Content-Disposition: form-data; name="map"',
        '{"0":["variables.a"],"1":["variables.b"]}',
      ),
      `--${BOUNDARY}--\r\n`,
    ].join("");

    const response = await rawPost(kura.url, MULTIPART, body);

    expect(response.status).toBe(400);
    expect(JSON.parse(response.text).errors[0].extensions).toMatchObject({
      code: "BAD_REQUEST",
      reason: "too_many_files",
    });
  });

  it("survives a JSON body over its limit once the drain timer has fired", async () => {
    const big = JSON.stringify({ query: "{ __typename }", padding: "y".repeat(2 * 1024 * 1024) });

    const response = await rawPost(kura.url, { "content-type": "application/json" }, big);
    expect(response.status).toBe(413);

    // The server drops an unread body for ten seconds before it closes the connection.
    await new Promise((resolve) => setTimeout(resolve, 10_500));
    await expectAlive();
  }, 30_000);

  it("keeps file names whole: slashes, markup and dots", async () => {
    for (const name of [
      "dir/sub/file.zip",
      "<script>alert(1)</script>.zip",
      "../../etc/passwd.zip",
    ]) {
      const response = await uploadZip(kura.url, { filename: name, content: zipBytes });
      expect(response.body.errors).toBeUndefined();
      expect((response.body.data as { uploadZip: { filename: string } }).uploadZip.filename).toBe(
        name,
      );
    }
    // Whatever the name, the object key is the server's own.
    for (const file of await listStoredFiles(kura.storageDir)) {
      expect(file).toMatch(/^uploads\/\d{4}\/\d{2}\/\d{2}\/[0-9a-f-]{36}\.zip$/);
    }
  });

  it("refuses a NUL in a file name or a filter, leaving nothing behind", async () => {
    const before = await listStoredFiles(kura.storageDir);
    // RFC 5987 encoding is how a NUL reaches the parser; a raw one fails the part header above.
    const body = `${OPERATIONS_PART}${MAP_PART}--${BOUNDARY}\r\nContent-Disposition: form-data; name="0"; filename*=UTF-8''a%00b.zip\r\nContent-Type: application/zip\r\n\r\n${zipBytes.toString("latin1")}\r\n--${BOUNDARY}--\r\n`;
    const upload = await rawPost(kura.url, MULTIPART, Buffer.from(body, "latin1"));
    expect(JSON.parse(upload.text).errors[0].extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      reason: "filename_nul",
    });
    expect(await listStoredFiles(kura.storageDir)).toEqual(before);

    const filtered = await query(
      kura.url,
      "query($f: UploadFilter) { uploads(filter: $f) { totalCount } }",
      {
        f: { filenameContains: "\u0000" },
      },
    );
    expect(filtered.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
  });

  it("counts a file name's length in characters, not UTF-16 units", async () => {
    const response = await uploadZip(kura.url, {
      filename: `${"📦".repeat(1000)}.zip`,
      content: zipBytes,
    });
    expect(response.body.errors).toBeUndefined();
  });

  it("tells emoji apart and folds case and width the same way on every database", async () => {
    for (const name of ["ramen-🍜.zip", "sushi-🍣.zip", "ÄRGER_Ωmega.zip", "ｶﾅ.zip"]) {
      const response = await uploadZip(kura.url, { filename: name, content: zipBytes });
      expect(response.body.errors).toBeUndefined();
    }

    const find = async (text: string) => {
      const response = await query<{ uploads: { edges: { node: { filename: string } }[] } }>(
        kura.url,
        "query($f: UploadFilter) { uploads(first: 50, filter: $f) { edges { node { filename } } } }",
        { f: { filenameContains: text } },
      );
      return response.body.data?.uploads.edges.map((e) => e.node.filename);
    };

    expect(await find("🍜")).toEqual(["ramen-🍜.zip"]);
    expect(await find("ärger_ω")).toEqual(["ÄRGER_Ωmega.zip"]);
    expect(await find("カナ")).toEqual(["ｶﾅ.zip"]);
  });

  it("refuses a cursor whose time no date can hold", async () => {
    const cursor = Buffer.from(
      JSON.stringify([1, 2 ** 53 - 1, "01a241b6-cc1d-759c-96aa-f6b0fda8f10a"]),
    ).toString("base64url");
    const response = await query(
      kura.url,
      "query($a: String) { uploads(after: $a) { totalCount } }",
      {
        a: cursor,
      },
    );
    expect(response.body.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      reason: "invalid_cursor",
    });
  });

  it("finds an upload by its id in upper case too", async () => {
    const response = await uploadZip(kura.url, { filename: "case.zip", content: zipBytes });
    const id = (response.body.data as { uploadZip: { id: string } }).uploadZip.id;

    const found = await query<{ upload: { id: string } | null }>(
      kura.url,
      "query($id: ID!) { upload(id: $id) { id } }",
      { id: id.toUpperCase() },
    );
    expect(found.body.data?.upload?.id).toBe(id);
  });

  it.runIf(kind === "mysql")("stores times in UTC whatever the session's zone", async () => {
    const response = await uploadZip(kura.url, { filename: "utc.zip", content: zipBytes });
    const upload = (response.body.data as { uploadZip: { id: string; createdAt: string } })
      .uploadZip;

    const connection = await createConnection({ ...MYSQL, database: kura.database, timezone: "Z" });
    try {
      await connection.query("SET time_zone = '+09:00'");
      const [rows] = await connection.query(
        "SELECT DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%s.%fZ') AS stored FROM uploads WHERE id = ?",
        [upload.id],
      );
      const stored = (rows as { stored: string }[])[0]?.stored ?? "";
      // DATETIME carries no zone: what is stored must already be UTC.
      expect(stored.slice(0, 23)).toBe(upload.createdAt.slice(0, 23));
    } finally {
      await connection.end();
    }
  });
});
