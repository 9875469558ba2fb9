import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { RequestContext } from "../graphql/context.js";
import type { Logger } from "../log/logger.js";
import { DOWNLOAD_PATH } from "../storage/download-signature.js";
import type { LocalObjectStore } from "../storage/local-store.js";
import { handleDownload } from "./download-route.js";
import type { GraphiqlAssets } from "./graphiql-assets.js";
import { isGraphiqlRequest, serveGraphiql } from "./graphiql-route.js";
import { type GraphQLRouteOptions, handleGraphQL } from "./graphql-route.js";
import type { Readiness } from "./readiness.js";
import { handleReadyz } from "./readyz-route.js";
import { sendError, sendJson } from "./respond.js";

export interface HttpServerOptions {
  logger: Logger;
  graphql: Omit<GraphQLRouteOptions, "context">;
  context: (req: IncomingMessage, requestId: string, log: Logger) => RequestContext;
  /** The local store whose signed download URLs Kura serves; absent with OSS. */
  downloads?: LocalObjectStore;
  /** The built GraphiQL explorer to serve; without it, `/graphiql` is not a route. */
  graphiql?: GraphiqlAssets;
  readiness: Readiness;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The HTTP front door: routes, request ids, one access-log line per request. */
export function createHttpServer(options: HttpServerOptions): Server {
  return createServer((req, res) => {
    const started = performance.now();
    const incoming = req.headers["x-request-id"];
    const requestId =
      typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const log = options.logger.child({ requestId });
    res.setHeader("x-request-id", requestId);

    res.once("close", () => {
      log.info(
        {
          event: "http.request",
          method: req.method,
          path: req.url?.split("?")[0],
          status: res.statusCode,
          completed: res.writableFinished,
          durationMs: Math.round(performance.now() - started),
        },
        "request",
      );
    });

    route(req, res, requestId, log, options).catch((error: unknown) => {
      log.error({ event: "graphql.internal_error", err: error }, "request failed outside GraphQL");
      if (!res.headersSent) sendError(res, "INTERNAL_SERVER_ERROR", "Internal server error.");
      else res.destroy();
    });
  });
}

async function route(
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
  log: Logger,
  options: HttpServerOptions,
): Promise<void> {
  const path = (req.url ?? "/").split("?")[0];

  if (path === "/healthz") {
    if (req.method !== "GET" && req.method !== "HEAD") {
      sendError(res, "METHOD_NOT_ALLOWED", "/healthz answers GET and HEAD.", "method");
      return;
    }
    sendJson(res, 200, { status: "ok" });
    return;
  }

  if (path === "/readyz") {
    await handleReadyz(res, options.readiness);
    return;
  }

  if (options.graphiql && isGraphiqlRequest(req)) {
    await serveGraphiql(req, res, options.graphiql, log);
    return;
  }

  if (path === "/graphql") {
    await handleGraphQL(req, res, {
      ...options.graphql,
      context: (r) => options.context(r, requestId, log),
    });
    return;
  }

  if (options.downloads && path?.startsWith(DOWNLOAD_PATH)) {
    await handleDownload(req, res, options.downloads);
    return;
  }

  sendError(res, "NOT_FOUND", `No route for ${path}.`, "route");
}
