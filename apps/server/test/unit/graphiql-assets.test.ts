import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadGraphiqlAssets } from "../../src/http/graphiql-assets.js";

describe("loadGraphiqlAssets", () => {
  const dirs: string[] = [];
  const scratch = async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "kura-graphiql-"));
    dirs.push(dir);
    return dir;
  };

  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it("lists the build with content types; only hashed assets are immutable", async () => {
    const dir = await scratch();
    await mkdir(path.join(dir, "assets"));
    await writeFile(path.join(dir, "index.html"), "<!doctype html>");
    await writeFile(path.join(dir, "assets", "index-AbC123.js"), "export {};");
    await writeFile(path.join(dir, "assets", "codicon-x1.ttf"), Buffer.alloc(7));
    await writeFile(path.join(dir, "assets", "LICENSE"), "text");

    const assets = await loadGraphiqlAssets(dir);

    expect([...assets.files.keys()].sort()).toEqual([
      "assets/LICENSE",
      "assets/codicon-x1.ttf",
      "assets/index-AbC123.js",
      "index.html",
    ]);
    expect(assets.index).toMatchObject({ contentType: "text/html; charset=utf-8", size: 15 });
    expect(assets.index.immutable).toBe(false);
    expect(assets.files.get("assets/index-AbC123.js")).toMatchObject({
      contentType: "text/javascript; charset=utf-8",
      immutable: true,
    });
    expect(assets.files.get("assets/codicon-x1.ttf")?.contentType).toBe("font/ttf");
    expect(assets.files.get("assets/LICENSE")?.contentType).toBe("application/octet-stream");
  });

  it("refuses to start without a build, naming the folder and the way out", async () => {
    const dir = path.join(await scratch(), "dist");

    await expect(loadGraphiqlAssets(dir)).rejects.toThrow(
      `the explorer's build is missing at ${dir}: run \`pnpm build\`, or set KURA_GRAPHIQL=false.`,
    );
  });

  it("refuses a build without its page", async () => {
    const dir = await scratch();
    await mkdir(path.join(dir, "assets"));
    await writeFile(path.join(dir, "assets", "a.js"), "");

    await expect(loadGraphiqlAssets(dir)).rejects.toThrow(/build is missing/);
  });
});
