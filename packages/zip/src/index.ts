export { ZipInspector } from "./inspector.js";
export type { ZipInspectorOptions, ZipLimits } from "./options.js";
export { DEFAULT_LIMITS } from "./options.js";
export { ZipRejection, type ZipRejectionCode } from "./rejection.js";
export type { ZipEntryInfo, ZipSummary } from "./summary.js";
export { DEFAULT_WORKER_NICE } from "./thread-priority.js";
