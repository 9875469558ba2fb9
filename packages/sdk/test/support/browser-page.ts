import { execFileSync } from "node:child_process";
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { build } from "esbuild";

/** Debian's Chromium, or undefined where it is not installed (tests then skip). */
export function findChromium(): string | undefined {
  try {
    return (
      execFileSync("sh", ["-c", "command -v chromium"], { encoding: "utf8" }).trim() || undefined
    );
  } catch {
    return undefined;
  }
}

/** Flags that keep a headless Chromium off the network except for what a page asks for. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
  "--disable-quic",
];

/**
 * The SDK as a browser loads it: `@kura/sdk` resolved through the package's `browser` export
 * condition (the built `dist/browser.js`) and bundled for the browser platform, which fails on
 * any Node built-in left in that entry.
 */
async function bundleSdkForBrowser(): Promise<string> {
  const result = await build({
    stdin: {
      contents: 'export { createClient } from "@kura/sdk";',
      resolveDir: new URL("../..", import.meta.url).pathname,
      loader: "js",
    },
    bundle: true,
    format: "esm",
    platform: "browser",
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]?.text ?? "";
}

/** What the page's window carries once `/sdk.js` has loaded. */
export interface SdkWindow {
  kuraSdk: { createClient: typeof import("../../src/browser.js").createClient };
}

/** A page origin that serves the SDK and forwards `/graphql` to Kura, so the SDK talks same-origin. */
export interface SdkPageServer {
  /** e.g. `http://127.0.0.1:40123`; the page is at `/`, the SDK module at `/sdk.js`. */
  origin: string;
  /**
   * After this many body bytes of the next `/graphql` request, the proxy reads it one chunk per
   * `TRICKLE_PAUSE_MS`, so the browser's upload stalls midway. Undefined forwards at full speed.
   */
  holdAfterBytes: number | undefined;
  close(): Promise<void>;
}

const TRICKLE_PAUSE_MS = 20;

/** The page puts the SDK's exports on `window.kuraSdk` for tests to call. */
const PAGE = [
  '<!doctype html><meta charset="utf-8"><title>Kura SDK</title>',
  '<script type="module">import * as sdk from "/sdk.js"; window.kuraSdk = sdk;</script>',
].join("\n");

/**
 * Starts a node:http server on 127.0.0.1, port 0: Kura has no CORS, so the page's origin hands
 * `/graphql` through to `kuraUrl`, request and answer streamed both ways.
 */
export async function startSdkPageServer(kuraUrl: string): Promise<SdkPageServer> {
  const sdk = await bundleSdkForBrowser();
  const state: { holdAfterBytes: number | undefined } = { holdAfterBytes: undefined };

  const server = createServer((req, res) => {
    if (req.url === "/") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(PAGE);
    } else if (req.url === "/sdk.js") {
      res.writeHead(200, { "content-type": "text/javascript; charset=utf-8" }).end(sdk);
    } else if (req.url === "/graphql") {
      const holdAfter = state.holdAfterBytes;
      state.holdAfterBytes = undefined;
      proxy(req, res, new URL("/graphql", kuraUrl), holdAfter);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    get holdAfterBytes() {
      return state.holdAfterBytes;
    },
    set holdAfterBytes(value) {
      state.holdAfterBytes = value;
    },
    close: () => closeServer(server),
  };
}

function proxy(
  req: IncomingMessage,
  res: ServerResponse,
  target: URL,
  holdAfter: number | undefined,
): void {
  const upstream = httpRequest(target, { method: req.method, headers: req.headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on("error", () => res.destroy());
  // The browser went away (an aborted upload): Kura must see its request cut off the same way.
  res.on("close", () => {
    if (!res.writableFinished) upstream.destroy();
  });

  let forwarded = 0;
  req.on("data", (chunk: Buffer) => {
    forwarded += chunk.length;
    const drained = upstream.write(chunk);
    if (holdAfter !== undefined && forwarded >= holdAfter) {
      // A trickle rather than a full stop: a socket that is never read never notices the browser
      // hanging up, and the abort would then go unseen by Kura.
      req.pause();
      setTimeout(() => req.resume(), TRICKLE_PAUSE_MS);
    } else if (!drained) {
      req.pause();
      upstream.once("drain", () => req.resume());
    }
  });
  req.on("end", () => upstream.end());
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
