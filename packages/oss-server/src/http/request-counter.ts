import type { Operation } from "./operation.js";

/** Requests seen per operation, for tests to assert on (e.g. "exactly 12 UploadPart calls"). */
export class RequestCounter {
  private readonly counts = new Map<Operation, number>();

  count(operation: Operation): void {
    this.counts.set(operation, (this.counts.get(operation) ?? 0) + 1);
  }

  snapshot(): Partial<Record<Operation, number>> {
    return Object.fromEntries(this.counts);
  }

  reset(): void {
    this.counts.clear();
  }
}
