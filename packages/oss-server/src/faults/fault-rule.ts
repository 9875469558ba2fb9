import type { Operation } from "../http/operation.js";

/** What a matched fault does to the request. */
export type FaultAction =
  /** Destroys the socket as soon as the request arrives; the client sees a reset. */
  | { type: "refuse" }
  /** Waits before handling the request normally. */
  | { type: "delay"; ms: number }
  /** Destroys the socket once this many body bytes have been received. */
  | { type: "cut"; afterBytes: number }
  /** Answers with this status (5xx) and an OSS XML error body, without doing the operation. */
  | { type: "error"; status: number; code?: string; message?: string }
  /** Does the operation but sends a wrong `x-oss-hash-crc64ecma`. */
  | { type: "wrongCrc" };

export interface FaultRule {
  /** The operation to match, or "*" for every request. */
  operation: Operation | "*";
  /**
   * Fire on the nth matching request (1-based), counted from when the rule was added. Without
   * it the rule fires on every matching request.
   */
  nth?: number;
  /** How many consecutive matches fire, starting at `nth`. Default: 1 with `nth`, else all. */
  times?: number;
  action: FaultAction;
}

/** A rule once added: its match counters, and a way to take it out again. */
export interface FaultHandle {
  readonly rule: FaultRule;
  /** Matching requests seen since the rule was added. */
  readonly seen: number;
  /** Requests the rule fired on. */
  readonly fired: number;
  remove(): void;
}
