import { readlinkSync } from "node:fs";
import { getPriority, setPriority } from "node:os";

/**
 * How far below the receiving thread the inspection worker runs, as a nice value (0 to 19).
 * Inspection is background work beside the thread that receives, hashes and stores the upload:
 * on a machine with few cores, that chain wants a second core for its file and socket threads
 * now and then, and at the same priority the walk took it and slowed the upload. A lower
 * priority cannot starve the walk: an upload whose walk falls a megabyte behind waits for it,
 * and a waiting upload gives the walk its core back.
 */
export const DEFAULT_WORKER_NICE = 10;

/**
 * Lowers the calling thread's priority to `nice` (never raises it: that needs a privilege).
 * Linux only, where a thread has its own id and nice value; elsewhere, and where a sandbox
 * refuses, the thread keeps the process's priority, which is only slower.
 */
export function lowerThreadPriority(nice: number): void {
  if (nice <= 0) return;

  let thread: number;
  try {
    // "<pid>/task/<tid>" of the calling thread.
    thread = Number(readlinkSync("/proc/thread-self").split("/").pop());
  } catch {
    return;
  }
  if (!Number.isInteger(thread) || thread <= 0) return;

  try {
    setPriority(thread, Math.max(nice, getPriority(thread)));
  } catch {
    // Refused: the walk runs at the process's priority.
  }
}
