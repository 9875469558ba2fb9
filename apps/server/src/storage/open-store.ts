import type { StorageConfig } from "../config/env.js";
import type { Logger } from "../log/logger.js";
import { LocalObjectStore } from "./local-store.js";
import type { ObjectStore } from "./object-store.js";
import type { OssStoreOptions } from "./oss-store.js";

/**
 * The object store the configuration names. An OSS store starts sweeping leftover multipart
 * uploads under `options.keySpace` in the background; `close` stops it.
 */
export async function openObjectStore(
  config: StorageConfig,
  log: Logger,
  options: OssStoreOptions,
): Promise<ObjectStore> {
  if (config.kind === "oss") {
    // Loaded only when configured: ali-oss and its HTTP client cost a cold start on the
    // embedded default that never uses them.
    const { OssObjectStore } = await import("./oss-store.js");
    const store = new OssObjectStore(config, options, log);
    store.startSweeping();
    return store;
  }
  return LocalObjectStore.open(config.dir, config.downloadSecret);
}
