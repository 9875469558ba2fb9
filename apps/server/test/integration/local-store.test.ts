import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalObjectStore } from "../../src/storage/local-store.js";

describe("the local object store", () => {
  let root: string;
  let store: LocalObjectStore;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "kura-local-store-"));
    store = await LocalObjectStore.open(root, "x".repeat(32));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  // Regression: a body that failed before the temporary file had finished opening left that file
  // behind, because it was removed before it existed.
  it("leaves no temporary file when the body fails at once", async () => {
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const body = new Readable({
        read() {
          this.destroy(new Error("refused at the first byte"));
        },
      });

      await expect(
        store.put(`uploads/t/${attempt}.zip`, body, { contentType: "application/zip" }),
      ).rejects.toThrow("refused at the first byte");
    }

    expect(await readdir(path.join(root, ".incoming"))).toEqual([]);
  });
});
