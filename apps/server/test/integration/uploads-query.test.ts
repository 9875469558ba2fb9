import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run, scratchDir, writeTree } from "../support/archives.js";
import { query, uploadZip } from "../support/graphql-client.js";
import { type DatabaseKind, startTestKura, type TestKura } from "../support/kura.js";

interface Page {
  edges: {
    cursor: string;
    node: { id: string; filename: string; sha256: string; createdAt: string };
  }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

const PAGE = `query($first: Int, $after: String, $filter: UploadFilter) {
  uploads(first: $first, after: $after, filter: $filter) {
    edges { cursor node { id filename sha256 createdAt } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}`;

describe.each<DatabaseKind>(["sqlite", "mysql"])("uploads query on %s", (kind) => {
  let kura: TestKura;
  const uploaded: { id: string; filename: string; sha256: string; createdAt: string }[] = [];

  beforeAll(async () => {
    kura = await startTestKura(kind, { KURA_PAGE_SIZE_MAX: "3" });
    const fixtures = await scratchDir();
    const names = ["alpha.zip", "beta.zip", "Gamma_100%.zip", "delta_x.zip", "請求書.zip"];
    for (const [index, name] of names.entries()) {
      await writeTree(fixtures, { [`f${index}.txt`]: `file number ${index}\n` });
      const file = path.join(fixtures, `a${index}.zip`);
      run("zip", ["-q", file, `f${index}.txt`], fixtures);
      const response = await uploadZip(kura.url, { filename: name, content: { path: file } });
      const upload = (response.body.data as { uploadZip: (typeof uploaded)[number] }).uploadZip;
      uploaded.push(upload);
    }
  });

  afterAll(async () => {
    await kura?.stop();
  });

  async function page(variables: Record<string, unknown>): Promise<Page> {
    const response = await query<{ uploads: Page }>(kura.url, PAGE, variables);
    expect(response.body.errors).toBeUndefined();
    return response.body.data?.uploads as Page;
  }

  it("walks every upload newest first, page by page", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const current: Page = await page({ first: 2, after });
      expect(current.totalCount).toBe(5);
      seen.push(...current.edges.map((e) => e.node.id));
      after = current.pageInfo.hasNextPage ? current.pageInfo.endCursor : null;
      pages += 1;
    } while (after);

    expect(pages).toBe(3);
    expect(seen).toEqual(uploaded.map((u) => u.id).reverse());
  });

  it("caps the page size and uses a default page", async () => {
    const capped = await query(kura.url, PAGE, { first: 4 });
    expect(capped.body.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      reason: "page_size",
    });

    const zero = await query(kura.url, PAGE, { first: 0 });
    expect(zero.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");

    // The default page size (20) is lowered to the cap rather than refused.
    const defaulted = await page({});
    expect(defaulted.edges).toHaveLength(3);
    expect(defaulted.pageInfo.hasNextPage).toBe(true);
  });

  it("refuses a cursor it did not make", async () => {
    for (const after of ["nonsense", Buffer.from("[1,2,3]").toString("base64url"), ""]) {
      const response = await query(kura.url, PAGE, { first: 2, after: after || "e30" });
      expect(response.body.errors?.[0]?.extensions).toMatchObject({
        code: "BAD_USER_INPUT",
        reason: "invalid_cursor",
      });
    }
  });

  it("filters by file name, checksum and time", async () => {
    const byName = await page({ first: 3, filter: { filenameContains: "ALPHA" } });
    expect(byName.edges.map((e) => e.node.filename)).toEqual(["alpha.zip"]);

    const wildcard = await page({ first: 3, filter: { filenameContains: "_100%" } });
    expect(wildcard.edges.map((e) => e.node.filename)).toEqual(["Gamma_100%.zip"]);
    const underscore = await page({ first: 3, filter: { filenameContains: "_" } });
    expect(underscore.totalCount).toBe(2);

    const japanese = await page({ first: 3, filter: { filenameContains: "請求" } });
    expect(japanese.edges.map((e) => e.node.filename)).toEqual(["請求書.zip"]);

    const target = uploaded[2];
    const bySha = await page({ first: 3, filter: { sha256: target?.sha256.toUpperCase() } });
    expect(bySha.edges.map((e) => e.node.id)).toEqual([target?.id]);

    const middle = uploaded[2]?.createdAt;
    const after = await page({ first: 3, filter: { createdAfter: middle } });
    const before = await page({ first: 3, filter: { createdBefore: middle } });
    expect(after.totalCount + before.totalCount).toBeLessThanOrEqual(4);
    for (const edge of after.edges)
      expect(Date.parse(edge.node.createdAt)).toBeGreaterThan(Date.parse(middle ?? ""));
    for (const edge of before.edges)
      expect(Date.parse(edge.node.createdAt)).toBeLessThan(Date.parse(middle ?? ""));

    const none = await page({ first: 3, filter: { filenameContains: "no such name" } });
    expect(none).toEqual({
      edges: [],
      pageInfo: { hasNextPage: false, endCursor: null },
      totalCount: 0,
    });
  });

  it("pages through a filtered set with the filter's own count", async () => {
    const first = await page({ first: 1, filter: { filenameContains: "a" } });
    const expected = uploaded.filter((u) => u.filename.toLowerCase().includes("a")).length;
    expect(first.totalCount).toBe(expected);
    expect(first.pageInfo.hasNextPage).toBe(expected > 1);
  });
});
