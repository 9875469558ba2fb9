import type { Operation } from "../http/operation.js";
import type { FaultAction, FaultHandle, FaultRule } from "./fault-rule.js";

interface ActiveRule {
  rule: FaultRule;
  seen: number;
  fired: number;
}

/** Fault rules for tests: added and removed at run time, matched once per request. */
export class Faults {
  private rules: ActiveRule[] = [];

  add(rule: FaultRule): FaultHandle {
    validate(rule);

    const active: ActiveRule = { rule, seen: 0, fired: 0 };
    this.rules.push(active);
    return {
      rule,
      get seen() {
        return active.seen;
      },
      get fired() {
        return active.fired;
      },
      remove: () => {
        this.rules = this.rules.filter((candidate) => candidate !== active);
      },
    };
  }

  clear(): void {
    this.rules = [];
  }

  /** Counts the request against every rule for its operation and returns the actions that fire. */
  match(operation: Operation): FaultAction[] {
    const actions: FaultAction[] = [];

    for (const active of this.rules) {
      const { rule } = active;
      if (rule.operation !== "*" && rule.operation !== operation) continue;

      active.seen += 1;
      const first = rule.nth ?? 1;
      const times = rule.times ?? (rule.nth === undefined ? Number.POSITIVE_INFINITY : 1);
      if (active.seen >= first && active.seen < first + times) {
        active.fired += 1;
        actions.push(rule.action);
      }
    }
    return actions;
  }
}

function validate(rule: FaultRule): void {
  const { action } = rule;

  if (rule.nth !== undefined && (!Number.isInteger(rule.nth) || rule.nth < 1)) {
    throw new RangeError(`fault nth must be a positive integer, got ${rule.nth}`);
  }
  if (action.type === "error" && (action.status < 500 || action.status > 599)) {
    throw new RangeError(`fault error status must be 5xx, got ${action.status}`);
  }
  if (action.type === "cut" && action.afterBytes < 0) {
    throw new RangeError(`fault cut afterBytes must not be negative, got ${action.afterBytes}`);
  }
}
