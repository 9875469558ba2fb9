import path from "node:path";
import type { EnvReader } from "./env.js";

/** An Alibaba Cloud OSS bucket (or anything speaking its protocol) holding the upload bytes. */
export interface OssConfig {
  /**
   * `OSS_ENDPOINT`, e.g. `https://oss-ap-northeast-1.aliyuncs.com`: the endpoint signed download
   * URLs point at. Without a scheme, `OSS_SECURE` picks one.
   */
  endpoint: string;
  /** `OSS_INTERNAL_ENDPOINT`: when set, Kura's own traffic goes here (the VPC endpoint). */
  internalEndpoint?: string;
  /** `OSS_ACCESSKEYID`. */
  accessKeyId: string;
  /** `OSS_ACCESSKEYSECRET`. */
  accessKeySecret: string;
  /** `OSS_STSTOKEN`: the security token that goes with temporary (STS) keys. */
  stsToken?: string;
  /** `OSS_BUCKET`. */
  bucket: string;
  /** `OSS_LOCATION`, default `oss-cn-hangzhou`: the bucket's region, used by V4 signatures. */
  region: string;
  /** `OSS_PREFIX`, default empty: put before every object key, e.g. `kura/`. */
  prefix: string;
  /** `OSS_SECURE`, default true: HTTPS for endpoints written without a scheme. */
  secure: boolean;
  /** `OSS_MULTIPART_THRESHOLD`, default 32 MiB: larger uploads go through multipart upload. */
  multipartThreshold: number;
  /** `OSS_PART_SIZE`, default 8 MiB: one multipart part; an upload holds at most two in memory. */
  partSize: number;
  /** `OSS_CONNECT_TIMEOUT_MS`, default 10 s. */
  connectTimeoutMs: number;
  /** `OSS_TIMEOUT_MS`, default 10 min: the longest one request may take, body included. */
  timeoutMs: number;
  /**
   * `OSS_ABORT_RETRIES`, default 5: background retries of an AbortMultipartUpload that failed (OSS
   * unreachable at the time); 0 leaves such uploads to the sweep.
   */
  abortRetries: number;
  /** `OSS_ABORT_RETRY_DELAY_MS`, default 4 s: the first retry's delay; each next one doubles. */
  abortRetryDelayMs: number;
  /**
   * `OSS_SWEEP_INTERVAL_SECONDS`, default 3600: how often Kura lists open multipart uploads under
   * its keys and aborts the leftovers (also once at start); 0 turns the sweep off.
   */
  sweepIntervalSeconds: number;
}

/** Where upload bytes live: a local folder (the default) or an OSS bucket. */
export type StorageConfig =
  | {
      kind: "local";
      dir: string;
      /** `KURA_DOWNLOAD_SECRET`: signs download URLs; random per process when unset. */
      downloadSecret?: string;
    }
  | ({ kind: "oss" } & OssConfig);

const REQUIRED = ["OSS_ENDPOINT", "OSS_ACCESSKEYID", "OSS_ACCESSKEYSECRET", "OSS_BUCKET"] as const;
const MIB = 1024 * 1024;
// OSS refuses parts under 100 KiB (but the last) and over 5 GiB.
const MIN_PART = 100 * 1024;
const MAX_PART = 5 * 1024 * MIB;

/**
 * OSS when all four required `OSS_*` variables are set, the local folder when none is. Some but
 * not all is a mistake worth stopping for: silently storing to the local disk would lose uploads.
 */
export function readStorage(read: EnvReader, dataDir: string): StorageConfig {
  const present = REQUIRED.filter((name) => read.optional(name) !== undefined);
  if (present.length === 0) return readLocal(read, dataDir);

  if (present.length < REQUIRED.length) {
    const missing = REQUIRED.filter((name) => !present.includes(name));
    read.problems.push(
      `OSS storage needs ${REQUIRED.join(", ")} together; ${present.join(", ")} set but ` +
        `missing: ${missing.join(", ")}`,
    );
    return readLocal(read, dataDir);
  }

  return readOss(read);
}

function readLocal(read: EnvReader, dataDir: string): StorageConfig {
  const downloadSecret = read.optional("KURA_DOWNLOAD_SECRET");
  if (downloadSecret !== undefined && downloadSecret.length < 32) {
    read.problems.push("KURA_DOWNLOAD_SECRET: expected at least 32 characters");
  }
  return {
    kind: "local",
    dir: path.resolve(read.string("KURA_STORAGE_DIR", path.join(dataDir, "objects"))),
    downloadSecret,
  };
}

function readOss(read: EnvReader): StorageConfig {
  const secure = read.boolean("OSS_SECURE", true);
  // A bare host (as Alibaba Cloud's console shows endpoints) gets its scheme from OSS_SECURE.
  const scheme = secure ? "https" : "http";
  const endpoint = read.url("OSS_ENDPOINT", scheme) ?? "";
  const internalEndpoint = read.url("OSS_INTERNAL_ENDPOINT", scheme);

  const bucket = read.string("OSS_BUCKET", "");
  if (!/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(bucket)) {
    read.problems.push(
      `OSS_BUCKET=${JSON.stringify(bucket)}: expected 3-63 lower-case letters, digits or -`,
    );
  }

  const prefix = read.string("OSS_PREFIX", "");
  if (prefix.startsWith("/") || prefix.split("/").some((s) => s === "." || s === "..")) {
    read.problems.push(
      `OSS_PREFIX=${JSON.stringify(prefix)}: expected a key prefix such as kura/ (no leading /)`,
    );
  }

  const multipartThreshold = read.integer("OSS_MULTIPART_THRESHOLD", 32 * MIB, 0, MAX_PART);
  const partSize = read.integer("OSS_PART_SIZE", 8 * MIB, MIN_PART, MAX_PART);

  return {
    kind: "oss",
    endpoint,
    internalEndpoint,
    accessKeyId: read.string("OSS_ACCESSKEYID", ""),
    accessKeySecret: read.string("OSS_ACCESSKEYSECRET", ""),
    stsToken: read.optional("OSS_STSTOKEN"),
    bucket,
    region: read.string("OSS_LOCATION", "oss-cn-hangzhou"),
    prefix,
    secure,
    multipartThreshold,
    partSize,
    connectTimeoutMs: read.integer("OSS_CONNECT_TIMEOUT_MS", 10_000, 100, 600_000),
    timeoutMs: read.integer("OSS_TIMEOUT_MS", 600_000, 1_000, 24 * 3_600_000),
    abortRetries: read.integer("OSS_ABORT_RETRIES", 5, 0, 20),
    abortRetryDelayMs: read.integer("OSS_ABORT_RETRY_DELAY_MS", 4_000, 10, 600_000),
    sweepIntervalSeconds: read.integer("OSS_SWEEP_INTERVAL_SECONDS", 3_600, 0, 7 * 86_400),
  };
}
