import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { authenticate } from "../auth/authenticate.js";
import type { Credential } from "../auth/credentials.js";
import { OssError, ossErrors, toOssError } from "../errors.js";
import { applyFaults } from "../faults/apply-faults.js";
import type { Faults } from "../faults/faults.js";
import type { HandlerDeps } from "../handlers/deps.js";
import { HANDLERS } from "../handlers/index.js";
import type { OssLogger } from "../logger.js";
import { decodeHeaders } from "./context.js";
import { identifyOperation } from "./operation.js";
import type { RequestCounter } from "./request-counter.js";
import { sendError, setCommonHeaders } from "./respond.js";
import { type RequestTarget, resolveTargets } from "./target.js";

export interface PipelineDeps extends HandlerDeps {
  credentials: readonly Credential[];
  region: string;
  faults: Faults;
  counter: RequestCounter;
  logger: OssLogger;
}

function newRequestId(): string {
  return randomBytes(12).toString("hex").toUpperCase();
}

/**
 * The one boundary of the server: route, count, apply faults, authenticate, handle. Anything
 * thrown is answered as an OSS XML error; unexpected errors are masked as InternalError and
 * logged whole.
 */
export async function handleRequest(
  req: IncomingMessage,
  res: ServerResponse,
  deps: PipelineDeps,
): Promise<void> {
  const started = Date.now();
  const requestId = newRequestId();
  const method = req.method ?? "GET";
  const headers = decodeHeaders(req);
  const { target, authError } = chooseTarget(
    method,
    headers,
    resolveTargets(req.headers.host, req.url ?? "/"),
    deps,
  );
  const identified = identifyOperation(method, target);
  const operation = typeof identified === "string" ? identified : undefined;
  const logFields = {
    requestId,
    method,
    url: req.url,
    operation,
    bucket: target.bucket,
    key: target.key,
  };

  setCommonHeaders(res, requestId);
  try {
    if (typeof identified !== "string") throw ossErrors.notImplemented(identified.unsupported);
    deps.counter.count(identified);

    const outcome = await applyFaults(req, deps.faults.match(identified));
    if (outcome.stopped) {
      deps.logger.info("request.done", { ...logFields, outcome: "refused by fault" });
      return;
    }

    const bucket = target.bucket ?? "";
    if (!deps.objects.hasBucket(bucket)) throw ossErrors.noSuchBucket(bucket);
    if (authError !== undefined) throw authError;

    await HANDLERS[identified](
      {
        req,
        res,
        requestId,
        operation: identified,
        target,
        bucket,
        headers,
        body: outcome.body,
        corruptCrc: outcome.corruptCrc,
      },
      deps,
    );
    deps.logger.info("request.done", {
      ...logFields,
      status: res.statusCode,
      ms: Date.now() - started,
    });
  } catch (error) {
    const ossError = toOssError(error);
    const fields = {
      ...logFields,
      status: ossError.status,
      code: ossError.code,
      ms: Date.now() - started,
    };

    if (error instanceof OssError) deps.logger.info("request.done", fields);
    else deps.logger.error("request.failed", { ...fields, error: describe(error) });
    if (!res.destroyed && !req.socket.destroyed) sendError(req, res, requestId, ossError);
  }
}

/** The first reading of the request whose signature verifies; else the first, with its error. */
function chooseTarget(
  method: string,
  headers: Record<string, string>,
  candidates: RequestTarget[],
  deps: PipelineDeps,
): { target: RequestTarget; authError?: OssError } {
  let first: { target: RequestTarget; authError?: OssError } | undefined;

  for (const target of candidates) {
    try {
      authenticate({
        method,
        headers,
        target,
        credentials: deps.credentials,
        region: deps.region,
        now: Date.now(),
      });
      return { target };
    } catch (error) {
      first ??= { target, authError: toOssError(error) };
    }
  }
  return first ?? { target: candidates[0] as RequestTarget };
}

function describe(error: unknown): unknown {
  return error instanceof Error
    ? { name: error.name, message: error.message, stack: error.stack }
    : error;
}
