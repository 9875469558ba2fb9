import type { ZipInspectorOptions } from "@kura/zip";
import type { Em } from "../db/orm.js";
import type { Logger } from "../log/logger.js";
import type { ObjectStore } from "../storage/object-store.js";

/** What every resolver may use; built once per request. */
export interface RequestContext {
  requestId: string;
  log: Logger;
  /** This request's own fork of the EntityManager. */
  em: Em;
  store: ObjectStore;
  maxUploadBytes: number;
  pageSizeMax: number;
  /** The request's Content-Length: an upper bound of an uploaded file's size, when sent. */
  requestBytes?: number;
  /** The origin the client reached Kura at, e.g. `https://kura.example.com`. */
  origin: string;
  /** The most entries one `Upload.entries` page returns. */
  entryPageSizeMax: number;
  zip?: ZipInspectorOptions;
}
