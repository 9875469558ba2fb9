import { type KuraProcess, listFiles, startKuraProcess } from "@kura/test-kura";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, type KuraClient } from "../../src/index.js";
import { eventually, zipEntryHeader } from "../support/fixtures.js";

describe("an aborted upload", () => {
  let kura: KuraProcess;
  let client: KuraClient;

  beforeAll(async () => {
    kura = await startKuraProcess();
    client = createClient({ url: kura.url });
  });

  afterAll(async () => {
    await kura?.stop();
  });

  /** An archive that never ends: one stored entry claiming 512 MiB, fed chunk after chunk. */
  async function* endlessArchive(): AsyncGenerator<Uint8Array> {
    yield zipEntryHeader(512 * 1024 * 1024);
    const chunk = new Uint8Array(64 * 1024).fill(7);
    for (;;) {
      yield chunk;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  it("rejects with the signal's reason and leaves no row and no file", async () => {
    const controller = new AbortController();
    let sawPartialFile = false;

    const upload = client.uploadZip(endlessArchive(), {
      filename: "endless.zip",
      signal: controller.signal,
      onProgress: ({ loaded }) => {
        if (loaded < 4 * 1024 * 1024 || controller.signal.aborted) return;
        // Abort only once the server is visibly storing the upload.
        listFiles(kura.storageDir).then((files) => {
          if (files.length === 0) return;
          sawPartialFile = true;
          controller.abort();
        });
      },
    });

    await expect(upload).rejects.toMatchObject({ name: "AbortError" });
    expect(sawPartialFile).toBe(true);

    await eventually(async () => {
      expect(await listFiles(kura.storageDir)).toEqual([]);
    });
    expect((await client.uploads()).totalCount).toBe(0);
    expect(
      kura.logs.some((l) => l.event === "upload.rejected" || l.event === "upload.failed"),
    ).toBe(true);
  });

  it("rejects at once when the signal is already aborted", async () => {
    const controller = new AbortController();
    controller.abort();

    await expect(
      client.uploadZip(Buffer.from("PK"), { filename: "a.zip", signal: controller.signal }),
    ).rejects.toMatchObject({ name: "AbortError" });
    expect((await client.uploads()).totalCount).toBe(0);
  });
});
