import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createConnection } from "mysql2/promise";
import { type Kura, startKura } from "../../src/app.js";
import { type Config, loadConfig } from "../../src/config/env.js";
import { createLogger } from "../../src/log/logger.js";

export type DatabaseKind = "sqlite" | "mysql";

/** The MariaDB the machine runs; tests make a database of their own on it and drop it after. */
export const MYSQL = {
  host: process.env.KURA_TEST_MYSQL_HOST ?? "127.0.0.1",
  port: Number(process.env.KURA_TEST_MYSQL_PORT ?? 3306),
  user: process.env.KURA_TEST_MYSQL_USER ?? "root",
  password: process.env.KURA_TEST_MYSQL_PASSWORD ?? "",
};

export interface TestKura extends Kura {
  kind: DatabaseKind;
  dataDir: string;
  /** The local object folder; empty when the store is OSS. */
  storageDir: string;
  /** A MySQL database name when kind is mysql. */
  database?: string;
  stop(): Promise<void>;
}

/** Starts a whole Kura on a free port with a fresh data folder (and a fresh MySQL database). */
export async function startTestKura(
  kind: DatabaseKind,
  env: Record<string, string> = {},
): Promise<TestKura> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "kura-test-"));
  const database = kind === "mysql" ? `kura_test_${randomBytes(6).toString("hex")}` : undefined;
  const mysqlEnv: Record<string, string> = database
    ? {
        MYSQL_HOST: MYSQL.host,
        MYSQL_PORT: String(MYSQL.port),
        MYSQL_USER: MYSQL.user,
        MYSQL_PASSWORD: MYSQL.password,
        MYSQL_DATABASE: database,
      }
    : {};
  const config: Config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    KURA_DATA_DIR: dataDir,
    LOG_LEVEL: "silent",
    ...mysqlEnv,
    ...env,
  });

  const kura = await startKura(config, createLogger({ level: config.logLevel }));
  return {
    ...kura,
    kind,
    dataDir,
    storageDir: config.storage.kind === "local" ? config.storage.dir : "",
    database,
    stop: async () => {
      try {
        await kura.close();
      } finally {
        if (database) await dropDatabase(database);
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  };
}

async function dropDatabase(name: string): Promise<void> {
  const connection = await createConnection({ ...MYSQL });
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
  } finally {
    await connection.end();
  }
}

/** Every file under the object folder, temporary ones included, as relative paths. */
export async function listStoredFiles(storageDir: string): Promise<string[]> {
  const entries = await readdir(storageDir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(storageDir, path.join(e.parentPath, e.name)))
    .sort();
}
