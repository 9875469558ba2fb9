import { readdir, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

/** One file of the built explorer, as the server will send it. */
export interface GraphiqlAsset {
  file: string;
  size: number;
  contentType: string;
  /** Vite puts content hashes in the names of everything under `assets/`: safe to keep forever. */
  immutable: boolean;
}

/** The built explorer: its files keyed by their path below the mount point, e.g. `assets/x.js`. */
export interface GraphiqlAssets {
  dir: string;
  files: ReadonlyMap<string, GraphiqlAsset>;
  index: GraphiqlAsset;
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".ttf": "font/ttf",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".wasm": "application/wasm",
  ".txt": "text/plain; charset=utf-8",
};

/** Where `@kura/graphiql` put its build: the `dist` folder beside its package.json. */
export function defaultGraphiqlDir(): string {
  const manifest = createRequire(import.meta.url).resolve("@kura/graphiql/package.json");
  return path.join(path.dirname(manifest), "dist");
}

/**
 * Lists the built explorer once, at start. Requests are answered from this list only, so no
 * request path is ever joined onto the file system: there is nothing to traverse.
 */
export async function loadGraphiqlAssets(dir = defaultGraphiqlDir()): Promise<GraphiqlAssets> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(
    (error: unknown) => {
      throw missingBuild(dir, error);
    },
  );

  const files = new Map<string, GraphiqlAsset>();
  for (const entry of entries) {
    if (!entry.isFile()) continue;

    const file = path.join(entry.parentPath, entry.name);
    const key = path.relative(dir, file).split(path.sep).join("/");
    files.set(key, {
      file,
      size: (await stat(file)).size,
      contentType:
        CONTENT_TYPES[path.extname(entry.name).toLowerCase()] ?? "application/octet-stream",
      immutable: key.startsWith("assets/"),
    });
  }

  const index = files.get("index.html");
  if (!index) throw missingBuild(dir);

  return { dir, files, index };
}

function missingBuild(dir: string, cause?: unknown): Error {
  return new Error(
    `KURA_GRAPHIQL is on but the explorer's build is missing at ${dir}: run \`pnpm build\`, ` +
      "or set KURA_GRAPHIQL=false.",
    { cause },
  );
}
