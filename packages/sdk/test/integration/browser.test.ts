import { readFile } from "node:fs/promises";
import { type KuraProcess, listFiles, startKuraProcess } from "@kura/test-kura";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KuraClient, UploadProgress } from "../../src/browser.js";
import { createClient } from "../../src/index.js";
import {
  CHROMIUM_ARGS,
  findChromium,
  type SdkPageServer,
  type SdkWindow,
  startSdkPageServer,
} from "../support/browser-page.js";
import {
  eventually,
  makeZip,
  removeScratchDirs,
  scratchDir,
  sha256sum,
  zipEntryHeader,
} from "../support/fixtures.js";

const chromiumPath = findChromium();
if (!chromiumPath) {
  console.warn(
    "Skipping the SDK browser tests: chromium is not installed (scripts/ensure-chromium.sh).",
  );
}

/** What the page hands back from an upload: plain data, since it crosses into Node. */
interface PageOutcome {
  upload?: Awaited<ReturnType<KuraClient["uploadZip"]>>;
  error?: { name: string; message: string };
  events: UploadProgress[];
}

describe.skipIf(!chromiumPath)("the SDK's browser entry in headless Chromium", () => {
  let kura: KuraProcess;
  let pages: SdkPageServer;
  let context: BrowserContext;
  let page: Page;
  const foreign: string[] = [];

  beforeAll(async () => {
    kura = await startKuraProcess();
    pages = await startSdkPageServer(kura.url);
    context = await chromium.launchPersistentContext("", {
      executablePath: chromiumPath,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    // The page may reach its own origin only; anything else is recorded and refused. Same-origin
    // requests are left unrouted, so upload bodies go straight to the network, not through CDP.
    const isForeign = (url: URL) => url.protocol !== "data:" && url.origin !== pages.origin;
    await context.route(isForeign, (route) => {
      foreign.push(route.request().url());
      return route.abort("blockedbyclient");
    });
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${pages.origin}/`);
    await page.waitForFunction(() => "kuraSdk" in window);
  });

  afterAll(async () => {
    await context?.close();
    await pages?.close();
    await kura?.stop();
    await removeScratchDirs();
  });

  it("uploads a File through XMLHttpRequest and answers with the typed record", async () => {
    const zipFile = await makeZip(await scratchDir(), "archive.zip", 6 * 1024 * 1024);
    const bytes = await readFile(zipFile);

    const outcome = await page.evaluate(async (base64): Promise<PageOutcome> => {
      const sdk = (window as unknown as SdkWindow).kuraSdk;
      const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const file = new File([data], "archive.zip", { type: "application/zip" });
      const events: PageOutcome["events"] = [];
      const client = sdk.createClient({ url: location.origin });
      const upload = await client.uploadZip(file, { onProgress: (p) => events.push(p) });
      return { upload, events };
    }, bytes.toString("base64"));

    expect(outcome.upload).toMatchObject({
      filename: "archive.zip",
      size: bytes.length,
      sha256: sha256sum(zipFile),
      entryCount: 2,
    });
    expect(outcome.events.length).toBeGreaterThan(1);
    expect(outcome.events.every((e) => e.total === bytes.length)).toBe(true);
    const loaded = outcome.events.map((e) => e.loaded);
    expect(loaded).toEqual([...loaded].sort((a, b) => a - b));
    expect(loaded.at(-1)).toBe(bytes.length);
    expect(foreign).toEqual([]);
  });

  it("cancels a stalled upload with an AbortController and leaves nothing on the server", async () => {
    const client = createClient({ url: kura.url });
    const before = (await client.uploads()).totalCount;
    const filesBefore = await listFiles(kura.storageDir);
    const size = 64 * 1024 * 1024;
    // The proxy stops reading midway, so the upload is still running when the page cancels it.
    pages.holdAfterBytes = 2 * 1024 * 1024;

    await page.evaluate(
      ({ header, size }) => {
        const sdk = (window as unknown as SdkWindow).kuraSdk;
        const blob = new Blob([new Uint8Array(header), new Uint8Array(size)]);
        const controller = new AbortController();
        const events: PageOutcome["events"] = [];
        const outcome = sdk
          .createClient({ url: location.origin })
          .uploadZip(blob, {
            filename: "stalled.zip",
            signal: controller.signal,
            onProgress: (p) => events.push(p),
          })
          .then(
            (upload): PageOutcome => ({ upload, events }),
            (error: Error): PageOutcome => ({
              error: { name: error.name, message: error.message },
              events,
            }),
          );
        Object.assign(window, { stalled: { controller, outcome, events } });
      },
      { header: [...zipEntryHeader(size)], size },
    );

    // Cancel only once the browser reports bytes sent and Kura is visibly storing them.
    await eventually(async () => {
      const loaded = await page.evaluate(
        () => (window as unknown as StalledWindow).stalled.events.at(-1)?.loaded ?? 0,
      );
      expect(loaded).toBeGreaterThan(0);
      expect(loaded).toBeLessThan(size);
      expect((await listFiles(kura.storageDir)).length).toBeGreaterThan(filesBefore.length);
    });
    const outcome = await page.evaluate(() => {
      const { stalled } = window as unknown as StalledWindow;
      stalled.controller.abort();
      return stalled.outcome;
    });

    expect(outcome.upload).toBeUndefined();
    expect(outcome.error?.name).toBe("AbortError");
    await eventually(async () => {
      expect(await listFiles(kura.storageDir)).toEqual(filesBefore);
    });
    expect((await client.uploads()).totalCount).toBe(before);
    expect(foreign).toEqual([]);
  });
});

/** The upload the abort test leaves running on the page's window. */
interface StalledWindow {
  stalled: {
    controller: AbortController;
    outcome: Promise<PageOutcome>;
    events: PageOutcome["events"];
  };
}
