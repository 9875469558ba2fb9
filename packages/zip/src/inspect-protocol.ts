import type { ResolvedOptions } from "./options.js";
import type { ZipRejectionCode } from "./rejection.js";
import type { RingMemory } from "./shared-ring.js";
import type { PackedSummary } from "./summary-transfer.js";

/** What the worker is started with. */
export interface WorkerSettings {
  /** The nice value the worker lowers its thread to. */
  nice: number;
}

/** Starts one inspection in the worker; its bytes then come through the ring. */
export interface OpenMessage {
  id: number;
  ring: RingMemory;
  options: ResolvedOptions;
}

/** A refusal or a failure, as plain data that survives the trip between threads. */
export interface FailureData {
  /** Set for a ZipRejection; absent for any other error. */
  code?: ZipRejectionCode;
  reason?: string;
  entry?: string;
  limit?: string;
  message: string;
}

export type VerdictMessage =
  | { id: number; summary: PackedSummary }
  | { id: number; failure: FailureData };
