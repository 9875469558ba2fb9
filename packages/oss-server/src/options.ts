import type { Credential } from "./auth/credentials.js";
import type { OssLogger } from "./logger.js";

export interface OssServerOptions {
  /** Folder holding objects and open uploads; created if missing. Survives restarts. */
  dir: string;
  /** Buckets that exist; any other bucket answers 404 NoSuchBucket. */
  buckets: readonly string[];
  /** Access keys accepted. */
  credentials: readonly Credential[];
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on; default "127.0.0.1". */
  host?: string;
  /** OSS region, with or without the "oss-" prefix; default "oss-cn-hangzhou". Used by V4. */
  region?: string;
  /** Default: silent. */
  logger?: OssLogger;
}
