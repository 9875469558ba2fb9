import { describe, expect, it } from "vitest";
import { readGraphQLBody } from "../src/response";

describe("readGraphQLBody", () => {
  it("parses a GraphQL JSON answer as it is", async () => {
    const body = await readGraphQLBody(new Response('{"data":{"a":1}}', { status: 200 }));

    expect(body).toEqual({ data: { a: 1 } });
  });

  it("turns a page that is not JSON into an error that names the status", async () => {
    const body = await readGraphQLBody(new Response("<html>Bad Gateway</html>", { status: 502 }));

    expect(body.errors?.[0]?.message).toBe(
      "HTTP 502: the server did not answer with JSON. <html>Bad Gateway</html>",
    );
    expect(body.errors?.[0]?.extensions?.code).toBe("NON_JSON_RESPONSE");
  });
});
