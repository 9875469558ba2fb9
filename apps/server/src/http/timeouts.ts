import type { Server } from "node:http";

/**
 * How long an idle keep-alive connection stays open. Knative's activator and queue-proxy reuse
 * idle connections for up to 90 s (Go's default transport); a server that closed sooner (Node's
 * default is 5 s) could close a socket just as the proxy sends the next request on it, which the
 * proxy sees as a reset. Outliving the proxy's idle timeout leaves the closing to the proxy.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 95_000;

/** The timeouts the HTTP server enforces, all derived from the one request timeout. */
export interface HttpTimeouts {
  /** Whole request, body included (Node's default of 300 s would cut large uploads). */
  requestTimeoutMs: number;
  /** Request headers. As long as the request timeout: the proxy in front guards against slow headers. */
  headersTimeoutMs: number;
  keepAliveTimeoutMs: number;
}

export function httpTimeouts(requestTimeoutSeconds: number): HttpTimeouts {
  const requestTimeoutMs = requestTimeoutSeconds * 1000;
  return {
    requestTimeoutMs,
    headersTimeoutMs: requestTimeoutMs,
    keepAliveTimeoutMs: KEEP_ALIVE_TIMEOUT_MS,
  };
}

/** Sets the server's timeouts so that Node never cuts a request the proxy in front still allows. */
export function applyHttpTimeouts(server: Server, timeouts: HttpTimeouts): void {
  server.requestTimeout = timeouts.requestTimeoutMs;
  server.headersTimeout = timeouts.headersTimeoutMs;
  server.keepAliveTimeout = timeouts.keepAliveTimeoutMs;
  // No inactivity timeout on sockets: a slow but moving upload is bounded by the request timeout.
  server.timeout = 0;
}
