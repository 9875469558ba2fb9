import type { Logger } from "../log/logger.js";

/** One dependency the server needs in order to serve: resolves when it answers, throws if not. */
export type ReadinessCheck = () => Promise<void>;

export type ReadinessReport =
  | { ready: true; checks: Record<string, "ok"> }
  | { ready: false; reason: "draining" }
  | { ready: false; reason: "dependency"; checks: Record<string, "ok" | "failed"> };

const CHECK_TIMEOUT_MS = 2_000;

/**
 * Whether this instance should get traffic: every dependency answers and no shutdown has begun.
 * Draining is a flag, so readiness fails the moment SIGTERM arrives, before any check could run.
 */
export class Readiness {
  private draining = false;

  constructor(
    private readonly checks: Record<string, ReadinessCheck>,
    private readonly logger: Logger,
  ) {}

  markDraining(): void {
    this.draining = true;
  }

  async check(): Promise<ReadinessReport> {
    if (this.draining) return { ready: false, reason: "draining" };

    const names = Object.keys(this.checks);
    const outcomes = await Promise.allSettled(
      names.map((name) => withTimeout(this.checks[name]?.() ?? Promise.resolve(), name)),
    );
    if (this.draining) return { ready: false, reason: "draining" };

    const checks: Record<string, "ok" | "failed"> = {};
    let ready = true;
    outcomes.forEach((outcome, i) => {
      const name = names[i] ?? "unknown";
      checks[name] = outcome.status === "fulfilled" ? "ok" : "failed";
      if (outcome.status === "rejected") {
        ready = false;
        this.logger.warn(
          { event: "server.not_ready", check: name, err: outcome.reason },
          `${name} is not reachable`,
        );
      }
    });
    return ready
      ? { ready: true, checks: checks as Record<string, "ok"> }
      : { ready: false, reason: "dependency", checks };
  }
}

// A dependency that hangs (a database behind a dropped route) must fail the probe, not stall it.
async function withTimeout(check: Promise<void>, name: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${name} did not answer within ${CHECK_TIMEOUT_MS} ms`)),
      CHECK_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([check, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
