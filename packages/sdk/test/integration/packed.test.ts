import { execFileSync } from "node:child_process";
import { mkdir, readdir, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type KuraProcess, startKuraProcess } from "@kura/test-kura";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  findJdkSrcZip,
  makeZip,
  removeScratchDirs,
  scratchDir,
  sha256sum,
} from "../support/fixtures.js";

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

// What an application outside the workspace writes: it knows only the published package.
const APP = `
import { createClient, KuraError } from "@kura/sdk";

const [url, file] = process.argv.slice(2);
const kura = createClient({ url });
const progress = [];
const upload = await kura.uploadZip(file, { onProgress: (p) => progress.push(p) });
const page = await kura.uploads({ first: 10 });
let refused;
try {
  await kura.uploadZip(new TextEncoder().encode("not a zip"), { filename: "bad.zip" });
} catch (error) {
  refused = error instanceof KuraError ? error.code : String(error);
}
console.log(JSON.stringify({ upload, progress, listed: page.edges.map((e) => e.node.id), refused }));
`;

// The same calls in TypeScript, compiled against the package's published declarations.
const TYPED_APP = `
import { createClient, KuraError, type Upload, type UploadProgress } from "@kura/sdk";

const kura = createClient({ url: "http://127.0.0.1:8080", headers: { authorization: "Bearer x" } });
const seen: UploadProgress[] = [];
const upload: Upload = await kura.uploadZip("a.zip", { onProgress: (p) => seen.push(p) });
const size: number = upload.size;
for await (const each of kura.allUploads({ filter: { filenameContains: "a" } })) each.sha256.length;
try {
  await kura.upload(upload.id);
} catch (error) {
  if (error instanceof KuraError) {
    switch (error.code) {
      case "INVALID_ZIP":
      case "CHECKSUM_MISMATCH":
        console.log(error.reason, size);
    }
  }
}
`;

/** The environment of a shell outside the workspace: no pnpm or npm settings of this run. */
function outsideEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(npm_|pnpm_|PNPM_|INIT_CWD$|NODE_PATH$)/i.test(key)) env[key] = value;
  }
  return env;
}

describe("the packed SDK, installed by an app outside the workspace", () => {
  let kura: KuraProcess;
  let appDir: string;

  beforeAll(async () => {
    const packDir = await scratchDir();
    execFileSync("pnpm", ["pack", "--pack-destination", packDir], { cwd: packageDir });
    const tarball = (await readdir(packDir)).find((f) => f.endsWith(".tgz"));
    if (!tarball) throw new Error(`pnpm pack left no tarball in ${packDir}`);

    appDir = path.join(tmpdir(), `kura-sdk-consumer-${process.pid}-${Date.now()}`);
    await mkdir(appDir);
    await writeFile(
      path.join(appDir, "package.json"),
      JSON.stringify({ name: "consumer", private: true, type: "module" }),
    );
    await writeFile(path.join(appDir, "app.mjs"), APP);
    await writeFile(path.join(appDir, "typed-app.ts"), TYPED_APP);
    execFileSync(
      "npm",
      ["install", "--no-audit", "--no-fund", "--loglevel=error", path.join(packDir, tarball)],
      { cwd: appDir, env: outsideEnv(), stdio: "pipe" },
    );
    await rm(packDir, { recursive: true, force: true });

    kura = await startKuraProcess();
  });

  afterAll(async () => {
    await kura?.stop();
    await removeScratchDirs();
    if (appDir) await rm(appDir, { recursive: true, force: true });
  });

  function runApp(file: string) {
    const out = execFileSync("node", ["app.mjs", kura.url, file], {
      cwd: appDir,
      env: outsideEnv(),
      encoding: "utf8",
    });
    return JSON.parse(out) as {
      upload: { id: string; size: number; sha256: string };
      progress: { loaded: number; total: number }[];
      listed: string[];
      refused: string;
    };
  }

  it("holds only what is meant to be published", async () => {
    const installed = path.join(appDir, "node_modules/@kura/sdk");
    const files = await readdir(installed, { recursive: true });
    expect(files).toContain("README.md");
    expect(files).toContain(path.join("dist", "index.d.ts"));
    expect(
      files.filter((f) => f.startsWith("src") || f.startsWith("test") || f.endsWith(".map")),
    ).toEqual([]);
  });

  it("type-checks an app against the published declarations", () => {
    // The package's `exports` hide its bin; its package.json names it.
    const require = createRequire(import.meta.url);
    const manifest = require.resolve("typescript/package.json");
    const tsc = path.join(path.dirname(manifest), require(manifest).bin.tsc);
    execFileSync(
      process.execPath,
      [
        tsc,
        "--noEmit",
        "--strict",
        "--skipLibCheck",
        "false",
        "--module",
        "nodenext",
        "--target",
        "es2022",
        "--lib",
        "es2023,dom",
        "--types",
        "",
        "typed-app.ts",
      ],
      { cwd: appDir, stdio: "pipe" },
    );
  });

  it("uploads and lists from there", async () => {
    const zip = await makeZip(await scratchDir(), "outside.zip");

    const result = runApp(zip);

    expect(result.upload.sha256).toBe(sha256sum(zip));
    expect(result.listed).toContain(result.upload.id);
    expect(result.refused).toBe("INVALID_ZIP");
    expect(result.progress.at(-1)).toEqual({
      loaded: result.upload.size,
      total: result.upload.size,
    });
  });

  const srcZip = findJdkSrcZip();
  it.skipIf(!srcZip)(
    `uploads the JDK's src.zip with progress to its size${srcZip ? "" : " (skipped: no JDK src.zip on this machine)"}`,
    async () => {
      const file = srcZip as string;
      const { size } = await stat(file);

      const result = runApp(file);

      expect(result.upload.size).toBe(size);
      expect(result.upload.sha256).toBe(sha256sum(file));
      expect(result.progress.length).toBeGreaterThan(100);
      expect(result.progress.at(-1)).toEqual({ loaded: size, total: size });
    },
  );
});
