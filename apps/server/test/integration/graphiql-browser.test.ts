import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run, scratchDir, unzipCount, writeTree } from "../support/archives.js";
import { type OriginBrowser, openBrowser } from "../support/browser.js";
import { query } from "../support/graphql-client.js";
import { startTestKura, type TestKura } from "../support/kura.js";

const ARTIFACTS = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../test-artifacts",
);
const TOKEN = "Bearer kura-browser-test-token";
const STATUS = ".kura-upload .kura-upload-status";

/**
 * The text a Monaco editor shows, lines run together (a line Monaco wraps stays whole) and its
 * non-breaking spaces made plain.
 */
async function editorText(page: Page, container: string): Promise<string> {
  const text = (await page.locator(`${container} .view-lines`).textContent()) ?? "";
  return text.replace(/\u00a0/g, " ");
}

/** Replaces the text of the open editor tool (variables or headers). */
async function replaceToolText(page: Page, text: string): Promise<void> {
  await page.locator(".graphiql-editor-tool .graphiql-editor:not(.hidden)").click();
  // Cleared first: typing over a selection would wrap it in the brackets typed.
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(text);
}

/** Polls a locator's text until it matches: the page answers asynchronously. */
async function waitForText(page: Page, selector: string, expected: RegExp): Promise<void> {
  await expect
    .poll(async () => (await page.locator(selector).textContent()) ?? "", { timeout: 20_000 })
    .toMatch(expected);
}

async function waitForResponse(page: Page, expected: string): Promise<string> {
  await expect
    .poll(() => editorText(page, ".graphiql-response"), { timeout: 20_000 })
    .toContain(expected);
  return editorText(page, ".graphiql-response");
}

describe("GraphiQL in Chromium, served by Kura alone", () => {
  let kura: TestKura;
  let browser: OriginBrowser;
  let fixtures: string;
  let archive: string;

  beforeAll(async () => {
    kura = await startTestKura("sqlite");
    fixtures = await scratchDir();
    await writeTree(fixtures, {
      "docs/readme.txt": "Kura keeps ZIP archives.\n",
      "docs/ja/説明.txt": "蔵\n",
    });
    run("zip", ["-q", "-r", "explorer-upload.zip", "docs"], fixtures);
    archive = path.join(fixtures, "explorer-upload.zip");
    await writeFile(path.join(fixtures, "not-a-zip.zip"), "plain text, not an archive\n");
    browser = await openBrowser(kura.url);
  });

  afterAll(async () => {
    await browser?.close();
    await kura?.stop();
    if (fixtures) await rm(fixtures, { recursive: true, force: true });
  });

  it("opens at /graphql, runs the example query and an upload, and lists the upload", async () => {
    const { page, requests } = browser;

    await page.goto(`${kura.url}/graphql`);
    await page.locator(".graphiql-container").waitFor();
    await expect.poll(() => editorText(page, ".graphiql-query-editor")).toContain("ListUploads");

    // A token typed into the headers editor goes with queries and uploads alike.
    await replaceToolText(page, `{"authorization": "${TOKEN}"}`);

    await page.getByRole("button", { name: /Execute query/ }).click();
    expect(await waitForResponse(page, '"totalCount": 0')).toContain('"edges": []');
    const listRequest = requests.findLast((r) => r.method === "POST" && r.url.endsWith("/graphql"));
    expect(listRequest?.headers.authorization).toBe(TOKEN);

    await page.getByRole("button", { name: "Show Upload a ZIP" }).click();
    const panel = page.locator(".kura-upload");
    await panel.locator('input[type="file"]').setInputFiles(archive);
    await panel.getByRole("button", { name: "Upload" }).click();
    await waitForText(page, STATUS, /^Stored explorer-upload\.zip as [0-9a-f-]{36}\.$/);
    expect(await waitForResponse(page, '"uploadZip"')).toContain(
      `"entryCount": ${unzipCount(archive)}`,
    );
    const uploadRequest = requests.findLast((r) => r.method === "POST");
    expect(uploadRequest?.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(uploadRequest?.headers["apollo-require-preflight"]).toBe("true");
    expect(uploadRequest?.headers.authorization).toBe(TOKEN);

    await page.getByRole("button", { name: /Execute query/ }).click();
    const listed = await waitForResponse(page, '"totalCount": 1');
    expect(listed).toContain('"filename": "explorer-upload.zip"');

    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, "graphiql-uploads.png") });

    // The second example shows one upload, given its id in the variables editor.
    const status = (await page.locator(STATUS).textContent()) ?? "";
    const id = /as ([0-9a-f-]{36})\.$/.exec(status)?.[1];
    expect(id).toBeDefined();
    await page.locator(".graphiql-tab", { hasText: "OneUpload" }).click();
    await page.getByRole("button", { name: "Variables" }).click();
    await replaceToolText(page, JSON.stringify({ id }));
    await page.getByRole("button", { name: /Execute query/ }).click();
    const one = await waitForResponse(page, '"upload": {');
    expect(one).toContain(`"${id}"`);
    expect(one).toContain('"contentType": "application/zip"');
    expect(one).toContain('"verified": true');
    expect(one).toContain('"path": "docs/readme.txt"');

    const stored = await query<{ uploads: { totalCount: number } }>(
      kura.url,
      "{ uploads { totalCount } }",
    );
    expect(stored.body.data?.uploads.totalCount).toBe(1);
  });

  it("shows a refused upload's error code in the panel and the result pane", async () => {
    const { page } = browser;
    const panel = page.locator(".kura-upload");

    await panel.locator('input[type="file"]').setInputFiles(path.join(fixtures, "not-a-zip.zip"));
    await panel.getByRole("button", { name: "Upload" }).click();

    await waitForText(page, STATUS, /^INVALID_ZIP: /);
    expect(await waitForResponse(page, '"code": "INVALID_ZIP"')).toContain('"errors"');
    await page.screenshot({ path: path.join(ARTIFACTS, "graphiql-refused-upload.png") });
  });

  it("documents the schema and completes field names from it", async () => {
    const { page } = browser;

    await page.getByRole("button", { name: "Show Documentation Explorer" }).click();
    await page.locator(".graphiql-doc-explorer").getByText("Query", { exact: true }).click();
    await waitForText(page, ".graphiql-doc-explorer", /Uploads, newest first\./);

    await page.getByRole("button", { name: "New tab" }).click();
    await page.locator(".graphiql-query-editor").click();
    await page.keyboard.type("{ uplo");
    await page.keyboard.press("Control+Space");
    await waitForText(page, ".suggest-widget", /uploads/);
    await waitForText(page, ".suggest-widget", /upload(?!s)/);
  });

  it("fetched every script, style, font and worker from Kura, and nothing from elsewhere", () => {
    const { requests, foreign, problems } = browser;
    const assets = requests.map((r) => new URL(r.url).pathname);

    expect(foreign).toEqual([]);
    expect(problems).toEqual([]);
    // Monaco's three workers (editor, JSON, GraphQL) came as files from Kura, not as blobs.
    const workers = new Set(assets.filter((p) => /^\/graphiql\/assets\/[\w.-]*worker/.test(p)));
    expect(workers.size).toBe(3);
    expect(assets.some((p) => p.endsWith(".css"))).toBe(true);
    expect(assets.some((p) => p.endsWith(".ttf"))).toBe(true);
  });
});
