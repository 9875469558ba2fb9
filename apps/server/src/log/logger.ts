import { type DestinationStream, type Logger, pino } from "pino";

export type { Logger };

/**
 * Events the server logs, so that an operator can search for one name. Every log line carries
 * `event`; request lines also carry `requestId`.
 */
export type LogEvent =
  | "server.listening"
  | "server.stopping"
  | "server.draining"
  | "server.stopped"
  | "server.not_ready"
  | "server.start_failed"
  | "db.orm"
  | "db.migrated"
  | "db.migrate_failed"
  | "http.request"
  | "upload.accepted"
  | "upload.rejected"
  | "upload.failed"
  | "upload.deleted"
  | "storage.abort_failed"
  | "storage.abort_retry"
  | "storage.sweep"
  | "storage.sweep_aborted"
  | "storage.sweep_failed"
  | "storage.cleanup_failed"
  | "graphql.internal_error"
  | "graphql.apollo"
  | "graphiql.asset_failed"
  | "zip.worker_failed";

export interface LoggerOptions {
  level: string;
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: "kura" },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}
