import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Options } from "@mikro-orm/core";
import type { SqlEntityManager } from "@mikro-orm/knex";
import type { MikroORM as LibSqlOrm } from "@mikro-orm/libsql";
import { Migrator } from "@mikro-orm/migrations";
import type { MikroORM as MySqlOrm } from "@mikro-orm/mysql";
import type { Logger } from "pino";
import type { DatabaseConfig } from "../config/env.js";
import { EntrySchema } from "./entry-entity.js";
import { migrations } from "./migrations/index.js";
import { UploadSchema } from "./upload-entity.js";

export type Orm = LibSqlOrm | MySqlOrm;

/** A unit of work; each request gets its own fork so no identity map is shared. */
export type Em = SqlEntityManager;

/** Opens the database the configuration names; for MySQL it creates the database when missing. */
export async function openDatabase(config: DatabaseConfig, logger: Logger): Promise<Orm> {
  const common = {
    entities: [UploadSchema, EntrySchema],
    extensions: [Migrator],
    migrations: {
      migrationsList: migrations,
      tableName: "kura_migrations",
      // MySQL commits DDL implicitly, so wrapping it in a transaction only pretends.
      transactional: config.kind === "sqlite",
      allOrNothing: config.kind === "sqlite",
      snapshot: false,
    },
    discovery: { warnWhenNoEntities: false },
    debug: false,
    logger: (message: string) => logger.debug({ event: "db.orm" }, message),
    // One request gets one fork; the global context must never be used by accident.
    allowGlobalContext: false,
    // Times are written and read as UTC whatever the process's TZ, so that instances in
    // different zones agree on order, filters and cursors.
    forceUtcTimezone: true,
  } satisfies Partial<Options>;

  // Each driver is loaded only when configured: a cold start on SQLite never reads mysql2's
  // code (and the bundle keeps it in a chunk of its own).
  if (config.kind === "sqlite") {
    const { LibSqlDriver, MikroORM } = await import("@mikro-orm/libsql");
    await mkdir(path.dirname(config.file), { recursive: true });
    return MikroORM.init({ ...common, driver: LibSqlDriver, dbName: config.file });
  }

  const { MySqlDriver, MikroORM } = await import("@mikro-orm/mysql");
  const orm = await MikroORM.init({
    ...common,
    driver: MySqlDriver,
    host: config.host,
    port: config.port,
    user: config.user,
    password: config.password,
    dbName: config.database,
    charset: "utf8mb4",
    collate: "utf8mb4_unicode_ci",
    pool: { min: 0, max: config.poolSize },
    connect: false,
  });
  await orm.schema.ensureDatabase();
  await orm.connect();
  return orm;
}

/** Applies every pending migration; returns the names applied. */
export async function migrate(orm: Orm): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((migration) => migration.name);
}
