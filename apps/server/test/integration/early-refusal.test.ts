import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listStoredFiles, startTestKura, type TestKura } from "../support/kura.js";

const BOUNDARY = "kura-early";

/** The head of a multipart upload whose file part then streams for as long as the caller likes. */
function multipartHead(sha256: string | null): string {
  const operations = JSON.stringify({
    query: "mutation($f: File!, $s: String) { uploadZip(file: $f, sha256: $s) { id } }",
    variables: { f: null, s: sha256 },
  });
  return [
    `--${BOUNDARY}`,
    'Content-Disposition: form-data; name="operations"',
    "",
    operations,
    `--${BOUNDARY}`,
    'Content-Disposition: form-data; name="map"',
    "",
    JSON.stringify({ 0: ["variables.f"] }),
    `--${BOUNDARY}`,
    'Content-Disposition: form-data; name="0"; filename="slow.zip"',
    "Content-Type: application/zip",
    "",
    "",
  ].join("\r\n");
}

/**
 * Starts an upload that sends a chunk every few milliseconds and never finishes by itself; resolves
 * with the response and how many chunks had gone out when it arrived.
 */
function slowUpload(
  url: string,
  sha256: string | null,
): Promise<{ status: number; body: string; sent: number }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    const req = request(`${url}/graphql`, {
      method: "POST",
      headers: {
        "content-type": `multipart/form-data; boundary=${BOUNDARY}`,
        "apollo-require-preflight": "true",
      },
    });
    const timer = setInterval(() => {
      sent += 1;
      req.write(Buffer.alloc(16 * 1024, 0x50));
      if (sent > 2000) {
        clearInterval(timer);
        req.destroy(new Error("no response while the upload was still being sent"));
      }
    }, 5);
    req.on("response", (res) => {
      const atResponse = sent;
      clearInterval(timer);
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        req.destroy();
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString(),
          sent: atResponse,
        });
      });
    });
    req.on("error", (error) => {
      clearInterval(timer);
      reject(error);
    });
    req.write(multipartHead(sha256));
  });
}

describe("a refusal that needs no bytes", () => {
  let kura: TestKura;

  beforeAll(async () => {
    kura = await startTestKura("sqlite");
  });

  afterAll(async () => {
    await kura?.stop();
  });

  it("answers while the client is still sending, and stores nothing", async () => {
    const result = await slowUpload(kura.url, "not-a-checksum");

    expect(JSON.parse(result.body).errors[0].extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      reason: "sha256_format",
    });
    expect(result.status).toBe(400);
    expect(result.sent).toBeLessThan(2000);
    expect(await listStoredFiles(kura.storageDir)).toEqual([]);
  });

  it("answers a non-ZIP stream at its first bytes", async () => {
    const result = await slowUpload(kura.url, null);

    expect(JSON.parse(result.body).errors[0].extensions).toMatchObject({
      code: "INVALID_ZIP",
      reason: "not_zip",
    });
    expect(await listStoredFiles(kura.storageDir)).toEqual([]);

    const health = await fetch(`${kura.url}/healthz`);
    expect(health.status).toBe(200);
  });
});
