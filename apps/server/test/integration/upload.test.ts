import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { createConnection } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  findJdkSrcZip,
  findPipWheel,
  run,
  scratchDir,
  sha256,
  sha256sum,
  unzipCount,
  writeTree,
} from "../support/archives.js";
import { query, UPLOAD_FIELDS, uploadZip } from "../support/graphql-client.js";
import {
  type DatabaseKind,
  listStoredFiles,
  MYSQL,
  startTestKura,
  type TestKura,
} from "../support/kura.js";

interface UploadResult {
  id: string;
  filename: string;
  size: number;
  sha256: string;
  contentType: string;
  entryCount: number;
  uncompressedSize: number;
  createdAt: string;
}

describe.each<DatabaseKind>(["sqlite", "mysql"])("uploadZip on %s", (kind) => {
  let kura: TestKura;
  let fixtures: string;

  beforeAll(async () => {
    kura = await startTestKura(kind);
    fixtures = await scratchDir();
    await writeTree(path.join(fixtures, "tree"), {
      "README.txt": "Kura stores ZIP archives.\n".repeat(200),
      "src/main.ts": "export const answer = 42;\n",
      "data/blob.bin": Buffer.alloc(50_000, 7),
    });
  });

  afterAll(async () => {
    await kura?.stop();
  });

  /** Uploads a file from disk and checks the record against tools no one here wrote. */
  async function uploadAndCheck(
    file: string,
    filename = path.basename(file),
  ): Promise<UploadResult> {
    const response = await uploadZip(kura.url, { filename, content: { path: file } });
    expect(response.body.errors).toBeUndefined();
    const upload = (response.body.data as { uploadZip: UploadResult }).uploadZip;

    expect(upload.sha256).toBe(sha256sum(file));
    expect(upload.size).toBe((await stat(file)).size);
    expect(upload.entryCount).toBe(unzipCount(file));
    expect(upload.filename).toBe(filename);

    const [stored] = (await listStoredFiles(kura.storageDir)).filter((f) => f.includes(upload.id));
    expect(stored).toBeDefined();
    const storedBytes = await readFile(path.join(kura.storageDir, stored ?? ""));
    expect(sha256(storedBytes)).toBe(upload.sha256);
    return upload;
  }

  it("stores an archive made by zip and records what is inside", async () => {
    const file = path.join(fixtures, "by-zip.zip");
    run("zip", ["-qr", file, "."], path.join(fixtures, "tree"));

    const upload = await uploadAndCheck(file);

    expect(upload.entryCount).toBe(5); // three files and two folders
    expect(upload.uncompressedSize).toBe(200 * 26 + 26 + 50_000);
    expect(upload.contentType).toBe("application/zip");
    expect(upload.id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(Date.parse(upload.createdAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it("stores archives made by python's zipfile and by jar", async () => {
    const byPython = path.join(fixtures, "by-python.zip");
    run(
      "python3",
      ["-m", "zipfile", "-c", byPython, "README.txt", "src", "data"],
      path.join(fixtures, "tree"),
    );
    const byJar = path.join(fixtures, "by-jar.jar");
    run("jar", ["cf", byJar, "-C", path.join(fixtures, "tree"), "."], fixtures);

    await uploadAndCheck(byPython);
    await uploadAndCheck(byJar);
  });

  it("keeps Japanese and emoji file names exactly as sent", async () => {
    const file = path.join(fixtures, "by-zip.zip");
    const names = ["請求書_2024年.zip", "📦 archive 🎉.zip", "ｶﾅ と 漢字 (コピー).zip"];

    for (const name of names) {
      const upload = await uploadAndCheck(file, name);
      const fetched = await query<{ upload: { filename: string } }>(
        kura.url,
        "query($id: ID!) { upload(id: $id) { filename } }",
        { id: upload.id },
      );
      expect(Buffer.from(fetched.body.data?.upload.filename ?? "")).toEqual(Buffer.from(name));

      if (kura.database) {
        // The column itself must hold the UTF-8 bytes, not a lossy conversion.
        const connection = await createConnection({ ...MYSQL, database: kura.database });
        try {
          const [rows] = await connection.query(
            "SELECT HEX(filename) AS hex FROM uploads WHERE id = ?",
            [upload.id],
          );
          const hex = (rows as { hex: string }[])[0]?.hex.toLowerCase();
          expect(hex).toBe(Buffer.from(name).toString("hex"));
        } finally {
          await connection.end();
        }
      }
    }
  });

  it("stores pip's bundled wheel", async (ctx) => {
    const wheel = findPipWheel();
    if (!wheel) return ctx.skip("no pip wheel bundled with this machine's Python");

    await uploadAndCheck(wheel);
  });

  it("stores the JDK's src.zip", async (ctx) => {
    const srcZip = findJdkSrcZip();
    if (!srcZip) return ctx.skip("no JDK src.zip on this machine");

    const upload = await uploadAndCheck(srcZip);
    expect(upload.entryCount).toBeGreaterThan(10_000);
  });

  it("returns one upload by id, and null for an unknown id", async () => {
    const file = path.join(fixtures, "by-zip.zip");
    const upload = await uploadAndCheck(file);

    const found = await query(
      kura.url,
      `query($id: ID!) { upload(id: $id) { ${UPLOAD_FIELDS} } }`,
      {
        id: upload.id,
      },
    );
    expect(found.body.data?.upload).toEqual(upload);

    const missing = await query(kura.url, "query($id: ID!) { upload(id: $id) { id } }", {
      id: "0190f0f0-0000-7000-8000-000000000000",
    });
    expect(missing.body).toEqual({ data: { upload: null } });
    const garbage = await query(kura.url, "query($id: ID!) { upload(id: $id) { id } }", {
      id: "x'; --",
    });
    expect(garbage.body).toEqual({ data: { upload: null } });
  });
});
