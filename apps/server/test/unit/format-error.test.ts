import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { KuraError } from "../../src/errors/kura-error.js";
import { createErrorFormatter, statusForErrors } from "../../src/graphql/format-error.js";
import { createLogger } from "../../src/log/logger.js";

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    level: "error",
    destination: { write: (line: string) => lines.push(JSON.parse(line)) },
  });
  return { logger, lines };
}

describe("the error boundary", () => {
  it("passes Kura's errors with their code and details", () => {
    const { logger, lines } = capturingLogger();
    const format = createErrorFormatter(logger);
    const error = new GraphQLError("wrapped", {
      originalError: KuraError.invalidZip("truncated", "Cut short."),
    });

    const formatted = format({ message: "wrapped", path: ["uploadZip"] }, error);

    expect(formatted).toEqual({
      message: "Cut short.",
      path: ["uploadZip"],
      extensions: { code: "INVALID_ZIP", reason: "truncated" },
    });
    expect(lines).toHaveLength(0);
  });

  it("masks anything else and logs it whole with its cause", () => {
    const { logger, lines } = capturingLogger();
    const format = createErrorFormatter(logger);
    const cause = new Error("ER_NO_SUCH_TABLE: select * from `uploads`");
    const error = new GraphQLError(cause.message, { originalError: cause });

    const formatted = format(
      {
        message: cause.message,
        path: ["uploads"],
        extensions: { code: "INTERNAL_SERVER_ERROR", stacktrace: ["at x"] },
      },
      error,
    );

    expect(formatted).toEqual({
      message: "Internal server error.",
      path: ["uploads"],
      locations: undefined,
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    });
    expect(lines[0]).toMatchObject({
      event: "graphql.internal_error",
      err: { message: cause.message },
    });
  });

  it("keeps request errors from graphql-js but drops their stack", () => {
    const format = createErrorFormatter(capturingLogger().logger);
    const formatted = format(
      {
        message: "Cannot query field",
        extensions: { code: "GRAPHQL_VALIDATION_FAILED", stacktrace: ["a"] },
      },
      new GraphQLError("Cannot query field"),
    );

    expect(formatted).toEqual({
      message: "Cannot query field",
      extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
    });
  });

  it("maps codes to HTTP statuses through one table", () => {
    expect(statusForErrors([{ message: "", extensions: { code: "PAYLOAD_TOO_LARGE" } }])).toBe(413);
    expect(statusForErrors([{ message: "", extensions: { code: "INVALID_ZIP" } }])).toBe(422);
    expect(statusForErrors([{ message: "", extensions: { code: "SOMETHING_ELSE" } }])).toBe(400);
  });
});
