import type { MultipartStore } from "../store/multipart-store.js";
import type { ObjectStore } from "../store/object-store.js";

/** What handlers work with. */
export interface HandlerDeps {
  objects: ObjectStore;
  multipart: MultipartStore;
}
