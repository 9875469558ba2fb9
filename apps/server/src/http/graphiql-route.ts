import { createReadStream } from "node:fs";
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import type { Logger } from "../log/logger.js";
import type { GraphiqlAsset, GraphiqlAssets } from "./graphiql-assets.js";
import { sendError } from "./respond.js";

const MOUNT = "/graphiql";

/**
 * The policy every explorer response carries: scripts, styles, fonts, workers and requests all
 * from Kura's own origin. Monaco sets inline styles on its elements, hence 'unsafe-inline' for
 * styles only; GraphiQL's fonts and the page's icon are inlined as data: URLs.
 */
export const GRAPHIQL_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

// Not yet: compressed responses. The explorer is about 7 MB unpacked, 1.6 MB gzipped; a
// precompressed copy from the build would spare both the bytes and the CPU.

/** Whether a request is the explorer's: anything under /graphiql, or a browser opening /graphql. */
export function isGraphiqlRequest(req: IncomingMessage): boolean {
  const [pathname = "/", search = ""] = (req.url ?? "/").split("?", 2);
  if (pathname === MOUNT || pathname.startsWith(`${MOUNT}/`)) return true;
  if (pathname !== "/graphql") return false;

  // GraphQL over HTTP may use GET with a `query` parameter; only a bare page load gets GraphiQL.
  const method = req.method ?? "GET";
  const accept = req.headers.accept ?? "";
  return (
    (method === "GET" || method === "HEAD") &&
    !new URLSearchParams(search).has("query") &&
    accept.includes("text/html")
  );
}

/** Answers a request `isGraphiqlRequest` accepted, from the file list made at start. */
export async function serveGraphiql(
  req: IncomingMessage,
  res: ServerResponse,
  assets: GraphiqlAssets,
  log: Logger,
): Promise<void> {
  const pathname = (req.url ?? "/").split("?", 1)[0] ?? "/";
  const method = req.method ?? "GET";
  if (method !== "GET" && method !== "HEAD") {
    res.setHeader("allow", "GET, HEAD");
    sendError(res, "METHOD_NOT_ALLOWED", `${method} is not allowed on ${pathname}.`, "method");
    return;
  }

  const asset = pick(pathname, assets);
  if (!asset) {
    sendError(res, "NOT_FOUND", `No explorer file at ${pathname}.`, "route");
    return;
  }

  const headers: OutgoingHttpHeaders = {
    "content-type": asset.contentType,
    "content-length": asset.size,
    "cache-control": asset.immutable ? "public, max-age=31536000, immutable" : "no-cache",
    "content-security-policy": GRAPHIQL_CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
  };
  // /graphql answers HTML or JSON depending on Accept; caches must keep the two apart.
  if (pathname === "/graphql") headers.vary = "accept";
  res.writeHead(200, headers);
  if (method === "HEAD") {
    res.end();
    return;
  }

  try {
    await pipeline(createReadStream(asset.file), res);
  } catch (error) {
    // A client that leaves mid-file is ordinary; a file that cannot be read (the build changed
    // under a running server) is worth a line.
    if ((error as { code?: string }).code !== "ERR_STREAM_PREMATURE_CLOSE") {
      log.warn({ event: "graphiql.asset_failed", file: asset.file, err: error }, "asset not sent");
    }
  }
}

function pick(pathname: string, assets: GraphiqlAssets): GraphiqlAsset | undefined {
  if (pathname === "/graphql" || pathname === MOUNT || pathname === `${MOUNT}/`) {
    return assets.index;
  }
  return assets.files.get(pathname.slice(MOUNT.length + 1));
}
