import { describe, expect, it } from "vitest";
import { KuraError, KuraNetworkError } from "../../src/errors.js";
import { interpretResponse, networkFailure } from "../../src/transport/response.js";

describe("interpretResponse", () => {
  it("answers the data of a response without errors", () => {
    expect(interpretResponse(200, '{"data":{"upload":null}}')).toEqual({ upload: null });
  });

  it("turns the first error into a KuraError with its details", () => {
    const body = JSON.stringify({
      data: null,
      errors: [
        {
          message: "bad entry",
          extensions: { code: "UNSAFE_ENTRY", reason: "path_traversal", entry: "../x", limit: 5 },
        },
        { message: "second" },
      ],
    });
    const error = (() => {
      try {
        interpretResponse(422, body);
      } catch (e) {
        return e;
      }
    })() as KuraError;

    expect(error).toBeInstanceOf(KuraError);
    expect(error).toMatchObject({
      message: "bad entry",
      code: "UNSAFE_ENTRY",
      reason: "path_traversal",
      entry: "../x",
      limit: "5",
      status: 422,
    });
    expect(error.errors).toHaveLength(2);
  });

  it("calls a body that is not GraphQL a network failure", () => {
    expect(() => interpretResponse(502, "<html>")).toThrow(KuraNetworkError);
    expect(() => interpretResponse(200, "{}")).toThrow(KuraNetworkError);
  });
});

describe("networkFailure", () => {
  it("keeps an abort as the signal's reason", () => {
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    expect(networkFailure(new TypeError("fetch failed"), controller.signal)).toBe(
      controller.signal.reason,
    );
  });

  it("names the cause of a failed connection", () => {
    const failed = Object.assign(new TypeError("fetch failed"), {
      cause: { code: "ECONNRESET" },
    });
    const error = networkFailure(failed, undefined);
    expect(error).toBeInstanceOf(KuraNetworkError);
    expect((error as Error).message).toMatch(/ECONNRESET/);
  });
});
