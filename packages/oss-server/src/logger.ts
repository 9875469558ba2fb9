/** Events the server reports; the field names stay stable for log queries. */
export type OssLogEvent = "request.done" | "request.failed" | "server.started" | "server.stopped";

/** An injected logger; the default is silent so tests print nothing. */
export interface OssLogger {
  info(event: OssLogEvent, fields: Record<string, unknown>): void;
  error(event: OssLogEvent, fields: Record<string, unknown>): void;
}

export const silentLogger: OssLogger = {
  info() {},
  error() {},
};

/** One JSON object per line on stdout/stderr, for the CLI. */
export const jsonLogger: OssLogger = {
  info(event, fields) {
    process.stdout.write(
      `${JSON.stringify({ time: new Date().toISOString(), level: "info", event, ...fields })}\n`,
    );
  },
  error(event, fields) {
    process.stderr.write(
      `${JSON.stringify({ time: new Date().toISOString(), level: "error", event, ...fields })}\n`,
    );
  },
};
