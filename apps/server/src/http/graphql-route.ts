import type { IncomingMessage, ServerResponse } from "node:http";
import { type ApolloServer, HeaderMap, type HTTPGraphQLRequest } from "@apollo/server";
import { processRequest } from "graphql-upload-minimal";
import type { RequestContext } from "../graphql/context.js";
import { isTooManyFiles, tooManyFiles } from "../graphql/file-scalar.js";
import { dropUnreadBody, sendError } from "./respond.js";

const MAX_JSON_BODY_BYTES = 1024 * 1024;

export interface GraphQLRouteOptions {
  apollo: ApolloServer<RequestContext>;
  maxUploadBytes: number;
  context: (req: IncomingMessage) => RequestContext;
}

/** Hands one HTTP request to Apollo, parsing GraphQL multipart requests first. */
export async function handleGraphQL(
  req: IncomingMessage,
  res: ServerResponse,
  options: GraphQLRouteOptions,
): Promise<void> {
  const method = (req.method ?? "GET").toUpperCase();
  const contentType = req.headers["content-type"] ?? "";
  const multipart =
    method === "POST" && contentType.toLowerCase().startsWith("multipart/form-data");

  if (multipart && !hasPreflightHeader(req)) {
    // Checked before the body is read: a browser can send this request cross-site without a
    // preflight, so it must not reach the parser, let alone storage.
    dropUnreadBody(req, res);
    sendError(
      res,
      "BAD_REQUEST",
      "Multipart requests need an `apollo-require-preflight: true` (or `x-apollo-operation-name`) header.",
      "csrf",
    );
    return;
  }

  let body: unknown;
  try {
    if (multipart) {
      // One byte over the limit lets Kura's own meter report the limit with its error code.
      body = await processRequest(req, res, {
        maxFiles: 1,
        maxFileSize: options.maxUploadBytes + 1,
      });
    } else if (method === "POST") {
      body = await readJson(req);
    }
  } catch (error) {
    const status = (error as { status?: number }).status;
    const message = error instanceof Error ? error.message : "Malformed request body.";
    dropUnreadBody(req, res);
    if (isTooManyFiles(message)) {
      const refusal = tooManyFiles();
      return sendError(res, refusal.code, refusal.message, refusal.details.reason);
    }
    if (status === 413) return sendError(res, "PAYLOAD_TOO_LARGE", message, "request_body");
    if (status === 499) return;
    return sendError(res, "BAD_REQUEST", message, "request_body");
  }

  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  const url = new URL(req.url ?? "/", "http://kura.invalid");
  const httpGraphQLRequest: HTTPGraphQLRequest = { method, headers, search: url.search, body };

  const response = await options.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest,
    context: async () => options.context(req),
  });

  dropUnreadBody(req, res);
  for (const [name, value] of response.headers) res.setHeader(name, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === "complete") {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

function hasPreflightHeader(req: IncomingMessage): boolean {
  return Boolean(req.headers["apollo-require-preflight"] || req.headers["x-apollo-operation-name"]);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_JSON_BODY_BYTES) {
      throw Object.assign(new Error(`The request body exceeds ${MAX_JSON_BODY_BYTES} bytes.`), {
        status: 413,
      });
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return undefined;

  // Apollo answers a body it cannot use with its own error; only JSON syntax is checked here.
  if (!(req.headers["content-type"] ?? "").includes("json")) return text;
  try {
    return JSON.parse(text);
  } catch {
    throw Object.assign(new Error("The request body is not valid JSON."), { status: 400 });
  }
}
