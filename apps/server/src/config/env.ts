import path from "node:path";
import { readStorage, type StorageConfig } from "./storage-env.js";

export type { OssConfig, StorageConfig } from "./storage-env.js";

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

export interface Config {
  /** `PORT`, default 8080. */
  port: number;
  /** `HOST`, default `0.0.0.0`. */
  host: string;
  /** `KURA_DATA_DIR`, default `./data`: home of the embedded database and object folder. */
  dataDir: string;
  database: DatabaseConfig;
  storage: StorageConfig;
  /** `KURA_PUBLIC_URL`: the origin clients reach Kura at, for URLs Kura serves itself. */
  publicUrl?: string;
  /** `KURA_MAX_UPLOAD_BYTES`, default 1 GiB. */
  maxUploadBytes: number;
  /** `KURA_PAGE_SIZE_MAX`, default 100: the most rows one `uploads` page returns. */
  pageSizeMax: number;
  /** `LOG_LEVEL`, default `info`. */
  logLevel: string;
  /** `KURA_GRAPHIQL`, default `true`: serve the GraphiQL explorer at `/graphiql` and `/graphql`. */
  graphiql: boolean;
  /**
   * `KURA_REQUEST_TIMEOUT_SECONDS`, default 600: the longest one request may take, upload included.
   * The proxy in front (Knative's `timeoutSeconds`) must use the same figure.
   */
  requestTimeoutSeconds: number;
  /**
   * `KURA_SHUTDOWN_GRACE_SECONDS`, default the request timeout: how long SIGTERM waits for requests
   * in flight before it cuts them.
   */
  shutdownGraceSeconds: number;
  /** `KURA_MIGRATE_ON_START`, default true: false when a separate job runs the migrations. */
  migrateOnStart: boolean;
  /** `KURA_ZIP_*`: how archives are inspected and the limits they must keep. */
  zip: ZipConfig;
}

/**
 * Every environment variable the server reads, so that deployment manifests can be checked
 * against it. A variable read below must be listed here (a unit test holds the two together).
 */
export const ENV_NAMES = [
  "PORT",
  "HOST",
  "KURA_DATA_DIR",
  "KURA_SQLITE_FILE",
  "KURA_STORAGE_DIR",
  "KURA_MAX_UPLOAD_BYTES",
  "KURA_PAGE_SIZE_MAX",
  "KURA_REQUEST_TIMEOUT_SECONDS",
  "KURA_SHUTDOWN_GRACE_SECONDS",
  "KURA_MIGRATE_ON_START",
  "KURA_GRAPHIQL",
  "KURA_DOWNLOAD_SECRET",
  "KURA_PUBLIC_URL",
  "KURA_ZIP_VERIFY",
  "KURA_ZIP_MAX_PREFIX_BYTES",
  "KURA_ZIP_MAX_ENTRIES",
  "KURA_ZIP_MAX_UNCOMPRESSED_BYTES",
  "KURA_ZIP_MAX_NAME_LENGTH",
  "KURA_ZIP_MAX_COMPRESSION_RATIO",
  "KURA_ZIP_COMPRESSION_RATIO_FLOOR",
  "KURA_ZIP_WORKER_NICE",
  "KURA_ENTRY_PAGE_SIZE_MAX",
  "LOG_LEVEL",
  "MYSQL_HOST",
  "MYSQL_PORT",
  "MYSQL_USER",
  "MYSQL_PASSWORD",
  "MYSQL_DATABASE",
  "MYSQL_POOL_SIZE",
  "OSS_ENDPOINT",
  "OSS_ACCESSKEYID",
  "OSS_ACCESSKEYSECRET",
  "OSS_BUCKET",
  "OSS_LOCATION",
  "OSS_STSTOKEN",
  "OSS_PREFIX",
  "OSS_INTERNAL_ENDPOINT",
  "OSS_SECURE",
  "OSS_MULTIPART_THRESHOLD",
  "OSS_PART_SIZE",
  "OSS_CONNECT_TIMEOUT_MS",
  "OSS_TIMEOUT_MS",
  "OSS_ABORT_RETRIES",
  "OSS_ABORT_RETRY_DELAY_MS",
  "OSS_SWEEP_INTERVAL_SECONDS",
] as const;

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
  const requestTimeoutSeconds = read.integer("KURA_REQUEST_TIMEOUT_SECONDS", 600, 1, 86_400);
  const config: Config = {
    port: read.integer("PORT", 8080, 0, 65535),
    host: read.string("HOST", "0.0.0.0"),
    dataDir,
    database: readDatabase(read, dataDir),
    storage: readStorage(read, dataDir),
    publicUrl: read.url("KURA_PUBLIC_URL"),
    maxUploadBytes: read.integer("KURA_MAX_UPLOAD_BYTES", 1024 ** 3, 1, Number.MAX_SAFE_INTEGER),
    pageSizeMax: read.integer("KURA_PAGE_SIZE_MAX", 100, 1, 1000),
    logLevel: read.oneOf("LOG_LEVEL", "info", LOG_LEVELS),
    graphiql: read.boolean("KURA_GRAPHIQL", true),
    requestTimeoutSeconds,
    shutdownGraceSeconds: read.integer(
      "KURA_SHUTDOWN_GRACE_SECONDS",
      requestTimeoutSeconds,
      0,
      86_400,
    ),
    migrateOnStart: read.oneOf("KURA_MIGRATE_ON_START", "true", ["true", "false"]) === "true",
    zip: readZipConfig(read),
  };

  if (problems.length > 0) throw new ConfigError(problems);

  return config;
}

function readDatabase(read: EnvReader, dataDir: string): DatabaseConfig {
  // Read (and so checked) even without MYSQL_HOST: a typo there should not pass unnoticed.
  const host = read.optional("MYSQL_HOST");
  const mysql = {
    port: read.integer("MYSQL_PORT", 3306, 1, 65535),
    user: read.string("MYSQL_USER", "root"),
    password: read.optional("MYSQL_PASSWORD") ?? "",
    database: read.identifier("MYSQL_DATABASE", "kura"),
    poolSize: read.integer("MYSQL_POOL_SIZE", 10, 1, 1000),
  };
  if (host === undefined) {
    return {
      kind: "sqlite",
      file: path.resolve(read.string("KURA_SQLITE_FILE", path.join(dataDir, "kura.db"))),
    };
  }

  return { kind: "mysql", host, ...mysql };
}

/** Reads typed values from the environment, noting each bad one instead of stopping at it. */
export class EnvReader {
  constructor(
    private readonly env: Env,
    readonly problems: string[],
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

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;

    if (raw === "true" || raw === "1") return true;
    if (raw === "false" || raw === "0") return false;
    this.problems.push(`${name}=${JSON.stringify(raw)}: expected true or false`);
    return fallback;
  }

  /**
   * An http(s) origin (no path, query or credentials), e.g. `https://kura.example.com`. With
   * `defaultScheme`, a bare host such as `oss-ap-northeast-1.aliyuncs.com` is accepted too.
   */
  url(name: string, defaultScheme?: "http" | "https"): string | undefined {
    const raw = this.optional(name);
    if (raw === undefined) return undefined;

    const full = defaultScheme && !/^[a-z]+:\/\//i.test(raw) ? `${defaultScheme}://${raw}` : raw;
    const parsed = URL.canParse(full) ? new URL(full) : undefined;
    if (
      !parsed ||
      !/^https?:$/.test(parsed.protocol) ||
      parsed.username !== "" ||
      parsed.search !== "" ||
      parsed.pathname.replace(/\/$/, "") !== ""
    ) {
      this.problems.push(`${name}=${JSON.stringify(raw)}: expected an origin such as https://host`);
      return undefined;
    }
    return parsed.origin;
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
