import type { ServerResponse } from "node:http";
import type { Readiness } from "./readiness.js";
import { sendJson } from "./respond.js";

/** `GET /readyz`: 200 while every dependency answers, 503 when one does not or while draining. */
export async function handleReadyz(res: ServerResponse, readiness: Readiness): Promise<void> {
  const report = await readiness.check();
  if (report.ready) {
    sendJson(res, 200, { status: "ready", checks: report.checks });
    return;
  }

  res.setHeader("cache-control", "no-store");
  sendJson(
    res,
    503,
    report.reason === "draining"
      ? { status: "unavailable", reason: report.reason }
      : { status: "unavailable", reason: report.reason, checks: report.checks },
  );
}
