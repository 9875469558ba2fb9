import path from "node:path";
import { readZipConfig, type ZipConfig } from "./zip-config.js";

/** Where upload rows live: an embedded SQLite file, or a MySQL server. */
export type DatabaseConfig =
  | { kind: "sqlite"; file: string }
  | {
      kind: "mysql";
      host: string;
      port: number;
      user: string;
      password: string;
      database: string;
      poolSize: number;
    };

/** Where upload bytes live. */
export type StorageConfig = { kind: "local"; dir: string };

export interface Config {
  /** `PORT`, default 8080. */
  port: number;
  /** `HOST`, default `0.0.0.0`. */
  host: string;
  /** `KURA_DATA_DIR`, default `./data`: home of the embedded database and object folder. */
  dataDir: string;
  database: DatabaseConfig;
  storage: StorageConfig;
  /** `KURA_MAX_UPLOAD_BYTES`, default 1 GiB. */
  maxUploadBytes: number;
  /** `KURA_PAGE_SIZE_MAX`, default 100: the most rows one `uploads` page returns. */
  pageSizeMax: number;
  /** `LOG_LEVEL`, default `info`. */
  logLevel: string;
  /** `KURA_ZIP_*`: how archives are inspected and the limits they must keep. */
  zip: ZipConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

type Env = Record<string, string | undefined>;

/** Reads and validates every setting at once, so one start reports every bad value. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const read = new EnvReader(env, problems);

  const dataDir = path.resolve(read.string("KURA_DATA_DIR", "./data"));
  const config: Config = {
    port: read.integer("PORT", 8080, 0, 65535),
    host: read.string("HOST", "0.0.0.0"),
    dataDir,
    database: readDatabase(read, dataDir),
    storage: {
      kind: "local",
      dir: path.resolve(read.string("KURA_STORAGE_DIR", path.join(dataDir, "objects"))),
    },
    maxUploadBytes: read.integer("KURA_MAX_UPLOAD_BYTES", 1024 ** 3, 1, Number.MAX_SAFE_INTEGER),
    pageSizeMax: read.integer("KURA_PAGE_SIZE_MAX", 100, 1, 1000),
    logLevel: read.oneOf("LOG_LEVEL", "info", LOG_LEVELS),
    zip: readZipConfig(read),
  };

  if (problems.length > 0) throw new ConfigError(problems);

  return config;
}

function readDatabase(read: EnvReader, dataDir: string): DatabaseConfig {
  const host = read.optional("MYSQL_HOST");
  if (host === undefined) {
    return {
      kind: "sqlite",
      file: path.resolve(read.string("KURA_SQLITE_FILE", path.join(dataDir, "kura.db"))),
    };
  }

  return {
    kind: "mysql",
    host,
    port: read.integer("MYSQL_PORT", 3306, 1, 65535),
    user: read.string("MYSQL_USER", "root"),
    password: read.optional("MYSQL_PASSWORD") ?? "",
    database: read.identifier("MYSQL_DATABASE", "kura"),
    poolSize: read.integer("MYSQL_POOL_SIZE", 10, 1, 1000),
  };
}

export class EnvReader {
  constructor(
    private readonly env: Env,
    private readonly problems: string[],
  ) {}

  optional(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value === "" ? undefined : value;
  }

  string(name: string, fallback: string): string {
    return this.optional(name) ?? fallback;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;

    const value = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
      this.problems.push(
        `${name}=${JSON.stringify(raw)}: expected a whole number from ${min} to ${max}`,
      );
      return fallback;
    }
    return value;
  }

  oneOf(name: string, fallback: string, allowed: string[]): string {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;

    if (!allowed.includes(raw)) {
      this.problems.push(`${name}=${JSON.stringify(raw)}: expected one of ${allowed.join(", ")}`);
      return fallback;
    }
    return raw;
  }

  identifier(name: string, fallback: string): string {
    const raw = this.string(name, fallback);
    if (!/^[A-Za-z0-9_$]{1,64}$/.test(raw)) {
      this.problems.push(`${name}=${JSON.stringify(raw)}: expected 1-64 letters, digits, _ or $`);
      return fallback;
    }
    return raw;
  }
}
