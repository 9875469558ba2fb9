import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";

/** A request the page made to Kura, with the headers it carried. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
}

export interface OriginBrowser {
  page: Page;
  context: BrowserContext;
  /** Every request to the allowed origin, in order. */
  requests: SeenRequest[];
  /** Every request to anywhere else: each one was blocked, and any one fails the test. */
  foreign: string[];
  /** Page errors and Content-Security-Policy violations, which the page must not have. */
  problems: string[];
  close(): Promise<void>;
}

const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
  "--disable-quic",
];

/** Debian's Chromium; `scripts/ensure-chromium.sh` installs it where it is missing. */
export function chromiumPath(): string {
  try {
    return execFileSync("sh", ["-c", "command -v chromium"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error("chromium is not installed: run scripts/ensure-chromium.sh first");
  }
}

/**
 * Headless Chromium with a fresh profile that may talk to `origin` only. Every other request is
 * recorded and aborted, so a page that passes here works with the network cut off.
 */
export async function openBrowser(origin: string): Promise<OriginBrowser> {
  const profile = await mkdtemp(path.join(tmpdir(), "kura-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 900 },
    serviceWorkers: "block",
  });

  const requests: SeenRequest[] = [];
  const foreign: string[] = [];
  const problems: string[] = [];
  await context.route("**", async (route) => {
    const request = route.request();
    if (isForeign(request.url(), origin)) {
      foreign.push(request.url());
      await route.abort("blockedbyclient");
      return;
    }
    requests.push({
      method: request.method(),
      url: request.url(),
      headers: await request.allHeaders(),
    });
    await route.continue();
  });
  // A request the router never saw (one a worker makes, say) still counts.
  context.on("request", (request) => {
    const url = request.url();
    if (isForeign(url, origin) && !foreign.includes(url)) foreign.push(url);
  });

  const page = context.pages()[0] ?? (await context.newPage());
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) problems.push(message.text());
  });

  return {
    page,
    context,
    requests,
    foreign,
    problems,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** A data: URL is no request at all; blob: URLs carry the origin that made them. */
function isForeign(url: string, origin: string): boolean {
  return !url.startsWith("data:") && new URL(url).origin !== origin;
}
