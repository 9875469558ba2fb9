import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UploadSchema } from "../../src/db/upload-entity.js";
import { uuidv7 } from "../../src/uploads/ids.js";
import { query } from "../support/graphql-client.js";
import { type DatabaseKind, startTestKura, type TestKura } from "../support/kura.js";

describe.each<DatabaseKind>(["sqlite", "mysql"])("sizes beyond 2^31 on %s", (kind) => {
  let kura: TestKura;

  beforeAll(async () => {
    kura = await startTestKura(kind);
  });

  afterAll(async () => {
    await kura?.stop();
  });

  it("keeps a ZIP64-sized record exact", async () => {
    // Archives this big take minutes to stream; the column types are what is under test here.
    const id = uuidv7();
    const em = kura.orm.em.fork();
    em.create(UploadSchema, {
      id,
      filename: "huge.zip",
      filenameFolded: "huge.zip",
      objectKey: `uploads/huge/${id}.zip`,
      size: 6_442_450_944_123,
      sha256: "a".repeat(64),
      contentType: "application/zip",
      entryCount: 3_000_000_001,
      uncompressedSize: 2 ** 53 - 1,
      verified: true,
      prefixBytes: 0,
      createdAt: new Date(),
    });
    await em.flush();

    const response = await query<{ upload: Record<string, number> }>(
      kura.url,
      "query($id: ID!) { upload(id: $id) { size entryCount uncompressedSize } }",
      { id },
    );

    expect(response.body.data?.upload).toEqual({
      size: 6_442_450_944_123,
      entryCount: 3_000_000_001,
      uncompressedSize: 2 ** 53 - 1,
    });
  });
});
