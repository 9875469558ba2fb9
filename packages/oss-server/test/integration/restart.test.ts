import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { aliOssSignedHeaders } from "../helpers/ali-oss-signer.js";
import { rawRequest } from "../helpers/raw-request.js";
import { BUCKET, startTestServer } from "../helpers/server.js";

describe("persistence", () => {
  it("keeps objects and open multipart uploads across a restart on the same folder", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kura-oss-restart-"));
    try {
      const part = Buffer.alloc(2000, 1);
      let uploadId: string;
      let partEtag: string;
      {
        await using first = await startTestServer({ dir });
        await first.client().put("kept/日本語.txt", Buffer.from("still here"), {
          headers: { "Content-Disposition": "attachment" },
        });
        ({ uploadId } = await first.client().initMultipartUpload("kept/open.zip"));
        ({ etag: partEtag } = await first
          .client()
          .uploadPart("kept/open.zip", uploadId, 1, part, 0, part.length));
      }

      await using second = await startTestServer({ dir });
      const got = await second.client().get("kept/日本語.txt");
      expect(got.content.toString()).toBe("still here");
      expect((got.res.headers as Record<string, string>)["content-disposition"]).toBe("attachment");
      expect(second.server.inspect.openUploads(BUCKET).map((u) => u.uploadId)).toEqual([uploadId]);

      await second
        .client()
        .completeMultipartUpload("kept/open.zip", uploadId, [{ number: 1, etag: partEtag }]);
      expect((await second.client().get("kept/open.zip")).content.equals(part)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("stores keys with dot segments inside the data folder only", async () => {
    const parent = await mkdtemp(join(tmpdir(), "kura-oss-escape-"));
    const dir = join(parent, "data");
    try {
      await using t = await startTestServer({ dir });
      // ali-oss's HTTP client collapses "..", so these go raw, signed by ali-oss's own code.
      const sent = [
        { path: "/kura/../../escaped.txt", key: "../../escaped.txt" },
        { path: "/kura/%2E%2E/%2E%2E/escaped2.txt", key: "../../escaped2.txt" },
        { path: "/kura/a/./b/../../../c", key: "a/./b/../../../c" },
      ];

      for (const { path, key } of sent) {
        const headers = aliOssSignedHeaders("PUT", `/kura/${key}`, {
          "content-type": "text/plain",
        });
        const put = await rawRequest(`${t.server.url}${path}`, {
          method: "PUT",
          headers,
          body: key,
        });
        expect(put.status).toBe(200);
      }

      expect(await readdir(parent)).toEqual(["data"]);
      expect(await readdir(dirname(parent))).not.toContain("escaped.txt");
      expect(
        t.server.inspect
          .objects(BUCKET)
          .map((o) => o.key)
          .sort(),
      ).toEqual(sent.map((s) => s.key).sort());
      const got = await rawRequest(`${t.server.url}/kura/../../escaped.txt`, {
        headers: aliOssSignedHeaders("GET", "/kura/../../escaped.txt"),
      });
      expect(got.body).toBe("../../escaped.txt");
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });
});
