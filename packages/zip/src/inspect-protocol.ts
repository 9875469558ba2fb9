import type { MessagePort } from "node:worker_threads";
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

/** The worker asks for a line to an inflation worker, which the receiving thread starts. */
export interface LineRequest {
  lineRequest: true;
}

/** The answer: a line (a port moved to the worker), or why none could be opened. */
export type LineMessage = { line: MessagePort } | { lineFailure: string };

export type FromWorkerMessage = VerdictMessage | LineRequest;
export type ToWorkerMessage = OpenMessage | LineMessage;
