import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawRequest } from "../support/graphql-client.js";
import { startTestKura, type TestKura } from "../support/kura.js";

function codeOf(body: unknown): unknown {
  return (body as { errors?: { extensions?: { code?: unknown } }[] }).errors?.[0]?.extensions?.code;
}

describe("the explorer's HTTP routes", () => {
  let kura: TestKura;

  beforeAll(async () => {
    kura = await startTestKura("sqlite");
  });

  afterAll(async () => {
    await kura?.stop();
  });

  it("serves the page at /graphiql under a same-origin-only policy, never cached stale", async () => {
    const response = await fetch(`${kura.url}/graphiql`);

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-cache");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/https?:|\*/);
    expect(await response.text()).toMatch(/<script type="module"[^>]* src="\/graphiql\/assets\//);
  });

  it("gives a browser opening /graphql the same page, varying on Accept", async () => {
    const page = await (await fetch(`${kura.url}/graphiql`)).text();

    const response = await fetch(`${kura.url}/graphql`, {
      headers: { accept: "text/html,application/xhtml+xml,*/*;q=0.8" },
    });

    expect(response.status).toBe(200);
    expect(response.headers.get("vary")).toBe("accept");
    expect(await response.text()).toBe(page);
  });

  it("keeps GET /graphql with a query parameter as GraphQL over HTTP", async () => {
    const search = new URLSearchParams({ query: "{ uploads { totalCount } }" });

    const response = await fetch(`${kura.url}/graphql?${search}`, {
      headers: { accept: "application/json", "apollo-require-preflight": "true" },
    });

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ data: { uploads: { totalCount: 0 } } });
  });

  it("serves every file the page names with its type, hashed ones cached for good", async () => {
    const page = await (await fetch(`${kura.url}/graphiql`)).text();
    const names = [...page.matchAll(/(?:src|href)="(\/graphiql\/assets\/[^"]+)"/g)].map(
      (m) => m[1] ?? "",
    );
    expect(names.length).toBeGreaterThanOrEqual(2);

    for (const name of names) {
      const response = await fetch(`${kura.url}${name}`);
      const body = await response.arrayBuffer();

      expect(response.status).toBe(200);
      const type = name.endsWith(".css") ? "text/css" : "text/javascript";
      expect(response.headers.get("content-type")).toBe(`${type}; charset=utf-8`);
      expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect(Number(response.headers.get("content-length"))).toBe(body.byteLength);
    }
  });

  it("answers HEAD with the headers alone", async () => {
    const response = await rawRequest(kura.url, "/graphiql", { method: "HEAD" });

    expect(response.status).toBe(200);
    expect(Number(response.headers["content-length"])).toBeGreaterThan(0);
    expect(response.text).toBe("");
  });

  it("answers 404 for unknown files and for paths that climb out of the build", async () => {
    const paths = [
      "/graphiql/assets/nope.js",
      "/graphiql/../package.json",
      "/graphiql/assets/../../package.json",
      "/graphiql/%2e%2e/package.json",
      "/graphiql/..%2Fpackage.json",
      "/graphiql//etc/passwd",
    ];

    for (const rawPath of paths) {
      const response = await rawRequest(kura.url, rawPath);

      expect(response.status, rawPath).toBe(404);
      expect(codeOf(JSON.parse(response.text))).toBe("NOT_FOUND");
    }
  });

  it("refuses methods other than GET and HEAD with 405", async () => {
    const response = await fetch(`${kura.url}/graphiql`, { method: "POST", body: "x" });

    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD");
    expect(codeOf(await response.json())).toBe("METHOD_NOT_ALLOWED");
  });
});

describe("with KURA_GRAPHIQL=false", () => {
  let kura: TestKura;

  beforeAll(async () => {
    kura = await startTestKura("sqlite", { KURA_GRAPHIQL: "false" });
  });

  afterAll(async () => {
    await kura?.stop();
  });

  it("has no /graphiql route and gives browsers no page at /graphql", async () => {
    const explorer = await fetch(`${kura.url}/graphiql`);
    expect(explorer.status).toBe(404);
    expect(codeOf(await explorer.json())).toBe("NOT_FOUND");

    const endpoint = await fetch(`${kura.url}/graphql`, { headers: { accept: "text/html" } });
    expect(endpoint.headers.get("content-type")).not.toMatch(/text\/html/);
    await endpoint.body?.cancel();
  });
});
