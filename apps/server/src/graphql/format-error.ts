import type { GraphQLFormattedError } from "graphql";
import { GraphQLError } from "graphql";
import { ERROR_STATUS, type ErrorCode } from "../errors/codes.js";
import { KuraError } from "../errors/kura-error.js";
import type { Logger } from "../log/logger.js";

// Codes Apollo and graphql-js raise for malformed requests; they describe the client's mistake.
const REQUEST_ERROR_CODES = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_USER_INPUT",
  "BAD_REQUEST",
  "OPERATION_RESOLUTION_FAILURE",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
]);

/**
 * The one boundary where anything thrown becomes what a client sees. Kura's own errors pass with
 * their code and details; request errors pass as they are; everything else is logged whole on the
 * server and masked, so no stack, SQL or path ever reaches a client.
 */
export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrap(error);
    if (original instanceof KuraError && original.code !== "INTERNAL_SERVER_ERROR") {
      return { ...formatted, message: original.message, extensions: { ...original.extensions } };
    }

    const code = formatted.extensions?.code;
    if (
      !(original instanceof KuraError) &&
      typeof code === "string" &&
      REQUEST_ERROR_CODES.has(code)
    ) {
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }

    logger.error(
      { event: "graphql.internal_error", err: original, path: formatted.path },
      "unexpected error while resolving",
    );
    return {
      message: "Internal server error.",
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    };
  };
}

function unwrap(error: unknown): unknown {
  let current = error;
  while (
    current instanceof GraphQLError &&
    !(current instanceof KuraError) &&
    current.originalError
  ) {
    current = current.originalError;
  }
  return current;
}

/** The HTTP status a response gets when its errors left it without data. */
export function statusForErrors(errors: readonly GraphQLFormattedError[]): number {
  const code = errors[0]?.extensions?.code;
  if (typeof code === "string" && code in ERROR_STATUS) return ERROR_STATUS[code as ErrorCode];
  return 400;
}
