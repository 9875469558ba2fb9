import { randomBytes } from "node:crypto";
import { existsSync, openAsBlob, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ZipInspector } from "@kura/zip";
import { createConnection } from "mysql2/promise";
import { startKura } from "../src/app.js";
import { loadConfig } from "../src/config/env.js";
import type { UploadRow } from "../src/db/upload-entity.js";
import { createLogger } from "../src/log/logger.js";
import { uuidv7 } from "../src/uploads/ids.js";
import { recordUpload } from "../src/uploads/record-upload.js";

// How much the entries table adds to an upload: the whole upload over HTTP, then the database
// write alone with and without the entries, on SQLite and on MySQL/MariaDB (when it answers at
// 127.0.0.1:3306). Usage: pnpm --filter @kura/server bench [archive.zip] [rounds]

const archive = process.argv[2] ?? "/usr/lib/jvm/temurin-25-jdk-amd64/lib/src.zip";
const rounds = Number(process.argv[3] ?? 5);
if (!existsSync(archive)) {
  console.error(`No archive at ${archive}; pass one: pnpm --filter @kura/server bench <file.zip>`);
  process.exit(2);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;

async function timeUpload(url: string): Promise<number> {
  const form = new FormData();
  form.set(
    "operations",
    JSON.stringify({
      query: "mutation($f: File!) { uploadZip(file: $f) { id } }",
      variables: { f: null },
    }),
  );
  form.set("map", JSON.stringify({ 0: ["variables.f"] }));
  form.set("0", await openAsBlob(archive), path.basename(archive));
  const started = performance.now();
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "apollo-require-preflight": "true" },
    body: form,
  });
  const body = (await response.json()) as { errors?: unknown[] };
  if (body.errors) throw new Error(`upload failed: ${JSON.stringify(body.errors)}`);
  return performance.now() - started;
}

async function bench(kind: "sqlite" | "mysql"): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "kura-bench-"));
  const database = `kura_bench_${randomBytes(4).toString("hex")}`;
  const env: Record<string, string> = { PORT: "0", HOST: "127.0.0.1", KURA_DATA_DIR: dataDir };
  if (kind === "mysql") Object.assign(env, { MYSQL_HOST: "127.0.0.1", MYSQL_DATABASE: database });
  const config = loadConfig({ ...env, LOG_LEVEL: "silent" });
  const kura = await startKura(config, createLogger({ level: "silent" }));
  try {
    const inspector = new ZipInspector();
    await inspector.write(readFileSync(archive));
    const summary = await inspector.end();

    const uploads: number[] = [];
    const withEntries: number[] = [];
    const withoutEntries: number[] = [];
    for (let round = 0; round <= rounds; round++) {
      const upload = await timeUpload(kura.url);
      const full = await timeRecord(kura.orm.em.fork(), summary.entries);
      const bare = await timeRecord(kura.orm.em.fork(), []);
      // The first round warms connections and JIT; it is not counted.
      if (round === 0) continue;

      uploads.push(upload);
      withEntries.push(full);
      withoutEntries.push(bare);
    }
    const upload = median(uploads);
    const insert = median(withEntries) - median(withoutEntries);
    console.log(
      `${kind.padEnd(6)} ${summary.entryCount} entries: upload ${upload.toFixed(0)} ms; ` +
        `record with entries ${median(withEntries).toFixed(0)} ms, without ${median(withoutEntries).toFixed(0)} ms; ` +
        `upload without the entries insert ≈ ${(upload - insert).toFixed(0)} ms`,
    );
  } finally {
    await kura.close();
    await rm(dataDir, { recursive: true, force: true });
    if (kind === "mysql") {
      const connection = await createConnection({ host: "127.0.0.1", user: "root" });
      await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
      await connection.end();
    }
  }
}

async function timeRecord(
  em: Parameters<typeof recordUpload>[0],
  entries: Parameters<typeof recordUpload>[2],
): Promise<number> {
  const createdAt = new Date();
  const id = uuidv7(createdAt.getTime());
  const row: UploadRow = {
    id,
    filename: "bench.zip",
    filenameFolded: "bench.zip",
    objectKey: `bench/${id}`,
    size: 1,
    sha256: "0".repeat(64),
    contentType: "application/zip",
    entryCount: entries.length,
    uncompressedSize: 0,
    verified: true,
    prefixBytes: 0,
    createdAt,
  };
  const started = performance.now();
  await recordUpload(em, row, entries);
  return performance.now() - started;
}

console.log(`${archive}, median of ${rounds} rounds`);
await bench("sqlite");
const mysqlUp = await createConnection({ host: "127.0.0.1", user: "root" }).then(
  (connection) => connection.end().then(() => true),
  () => false,
);
if (mysqlUp) await bench("mysql");
else console.log("mysql  skipped: nothing answers at 127.0.0.1:3306");
