import type { StorageConfig } from "../config/env.js";
import type { Logger } from "../log/logger.js";
import { LocalObjectStore } from "./local-store.js";
import type { ObjectStore } from "./object-store.js";

/** The object store the configuration names. */
export async function openObjectStore(config: StorageConfig, log: Logger): Promise<ObjectStore> {
  if (config.kind === "oss") {
    // Loaded only when configured: ali-oss and its HTTP client cost a cold start on the
    // embedded default that never uses them.
    const { OssObjectStore } = await import("./oss-store.js");
    return new OssObjectStore(config, log);
  }
  return LocalObjectStore.open(config.dir, config.downloadSecret);
}
