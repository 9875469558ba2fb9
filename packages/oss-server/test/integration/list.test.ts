import { describe, expect, it } from "vitest";
import { startTestServer } from "../helpers/server.js";

const KEYS = [
  "a.txt",
  "photos/2024/jan.jpg",
  "photos/2024/feb.jpg",
  "photos/2025/mar.jpg",
  "photos/cover.jpg",
  "zips/one.zip",
  "zips/two.zip",
  "zips/three.zip",
];

async function seeded(sldEnable: boolean) {
  const t = await startTestServer();
  const client = t.client({ sldEnable });
  for (const key of KEYS) await client.put(key, Buffer.from(key));
  return { t, client };
}

describe.each([{ sldEnable: false }, { sldEnable: true }])(
  "listV2 (sldEnable $sldEnable)",
  ({ sldEnable }) => {
    it("lists keys under a prefix in byte order", async () => {
      const { t, client } = await seeded(sldEnable);
      await using _ = t;

      const result = await client.listV2({ prefix: "zips/", "max-keys": "100" });

      expect(result.objects.map((o) => o.name)).toEqual([
        "zips/one.zip",
        "zips/three.zip",
        "zips/two.zip",
      ]);
      expect(result.objects[0]).toMatchObject({ size: "zips/one.zip".length, type: "Normal" });
      expect(result.isTruncated).toBe(false);
      expect(result.keyCount).toBe(3);
    });

    it("rolls keys into common prefixes with a delimiter", async () => {
      const { t, client } = await seeded(sldEnable);
      await using _ = t;

      const top = await client.listV2({ delimiter: "/", "max-keys": "100" });
      const photos = await client.listV2({ prefix: "photos/", delimiter: "/", "max-keys": "100" });

      expect(top.objects.map((o) => o.name)).toEqual(["a.txt"]);
      expect(top.prefixes).toEqual(["photos/", "zips/"]);
      expect(photos.objects.map((o) => o.name)).toEqual(["photos/cover.jpg"]);
      expect(photos.prefixes).toEqual(["photos/2024/", "photos/2025/"]);
    });

    it("pages with max-keys and signed continuation tokens until every key was seen once", async () => {
      const { t, client } = await seeded(sldEnable);
      await using _ = t;
      const seen: string[] = [];
      let token: string | null = null;
      let pages = 0;

      do {
        const query: Record<string, string> = { "max-keys": "3" };
        if (token !== null) query["continuation-token"] = token;
        const page = await client.listV2(query);
        seen.push(...page.objects.map((o) => o.name));
        token = page.isTruncated ? page.nextContinuationToken : null;
        pages += 1;
      } while (token !== null);

      expect(pages).toBe(3);
      expect(seen).toEqual([...KEYS].sort());
    });

    it("pages over common prefixes without repeating them", async () => {
      const { t, client } = await seeded(sldEnable);
      await using _ = t;

      const first = await client.listV2({ delimiter: "/", "max-keys": "2" });
      const second = await client.listV2({
        delimiter: "/",
        "max-keys": "2",
        "continuation-token": first.nextContinuationToken ?? "",
      });

      expect([...first.objects.map((o) => o.name), ...(first.prefixes ?? [])]).toEqual([
        "a.txt",
        "photos/",
      ]);
      expect(second.prefixes).toEqual(["zips/"]);
      expect(second.objects).toEqual([]);
      expect(second.isTruncated).toBe(false);
    });

    it("starts after a given key", async () => {
      const { t, client } = await seeded(sldEnable);
      await using _ = t;

      const result = await client.listV2({ "start-after": "photos/cover.jpg", "max-keys": "100" });

      expect(result.objects.map((o) => o.name)).toEqual([
        "zips/one.zip",
        "zips/three.zip",
        "zips/two.zip",
      ]);
    });
  },
);

describe("list (version 1)", () => {
  it("pages with marker and NextMarker", async () => {
    const { t, client } = await seeded(false);
    await using _ = t;

    const first = await client.list({ "max-keys": 5 }, {});
    const second = await client.list({ "max-keys": 5, marker: first.nextMarker ?? "" }, {});

    expect(first.isTruncated).toBe(true);
    expect([...first.objects, ...second.objects].map((o) => o.name)).toEqual([...KEYS].sort());
  });
});
