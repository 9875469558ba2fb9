import type { ServerErrorCode } from "./generated/error-codes.js";

/**
 * A code in a refusal's `extensions.code`: one of the server's own, or one that Apollo raises for a
 * request it cannot run (a malformed query, a variable of the wrong type).
 */
export type KuraErrorCode =
  | ServerErrorCode
  | "GRAPHQL_PARSE_FAILED"
  | "GRAPHQL_VALIDATION_FAILED"
  | "OPERATION_RESOLUTION_FAILURE"
  | "PERSISTED_QUERY_NOT_FOUND"
  | "PERSISTED_QUERY_NOT_SUPPORTED";

/** One error as a GraphQL response carries it. */
export interface GraphQLErrorPayload {
  message: string;
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

/**
 * The server answered and refused the request. `code` is its `extensions.code`; switch on it:
 *
 * ```ts
 * if (error instanceof KuraError && error.code === "INVALID_ZIP") console.log(error.reason);
 * ```
 *
 * A code this SDK version does not know yet (a newer server) still arrives, as a plain string.
 */
export class KuraError extends Error {
  /** Tells a refusal from a {@link KuraNetworkError} without `instanceof`. */
  readonly kind = "server" as const;
  readonly code: KuraErrorCode | (string & {});
  /** A finer cause within the code, e.g. `not_zip` or `truncated` for `INVALID_ZIP`. */
  readonly reason: string | undefined;
  /** The archive entry the refusal is about, when there is one. */
  readonly entry: string | undefined;
  /** The server limit that was crossed, when the refusal is about a limit. */
  readonly limit: string | undefined;
  /** Every extension the server sent with the first error, `code` included. */
  readonly extensions: Record<string, unknown>;
  /** The HTTP status of the response. */
  readonly status: number;
  /** All errors of the response; the first one is described by this object. */
  readonly errors: GraphQLErrorPayload[];

  constructor(errors: GraphQLErrorPayload[], status: number) {
    const first = errors[0] ?? { message: "The server refused the request." };
    super(first.message);
    this.name = "KuraError";
    this.extensions = first.extensions ?? {};
    this.code = stringOr(this.extensions.code, "INTERNAL_SERVER_ERROR");
    this.reason = optionalString(this.extensions.reason);
    this.entry = optionalString(this.extensions.entry);
    this.limit = optionalString(this.extensions.limit);
    this.status = status;
    this.errors = errors;
  }
}

/**
 * The request did not get a GraphQL answer: the server could not be reached, the connection broke,
 * or something in between (a proxy) answered with what is not a GraphQL response.
 */
export class KuraNetworkError extends Error {
  /** Tells a network failure from a {@link KuraError} without `instanceof`. */
  readonly kind = "network" as const;
  /** The HTTP status, when a response arrived but was not GraphQL. */
  readonly status: number | undefined;

  constructor(message: string, options: { cause?: unknown; status?: number } = {}) {
    super(message, { cause: options.cause });
    this.name = "KuraNetworkError";
    this.status = options.status;
  }
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === "string" ? value : fallback;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === "string" || typeof value === "number" ? String(value) : undefined;
}
