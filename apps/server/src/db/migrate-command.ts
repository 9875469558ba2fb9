import { ConfigError, loadConfig } from "../config/env.js";
import { createLogger } from "../log/logger.js";
import { migrate, openDatabase } from "./orm.js";

// Runs the migrations on their own, e.g. as a Kubernetes Job before a rollout.
const logger = createLogger({ level: "info" });
try {
  const config = loadConfig();
  const orm = await openDatabase(config.database, logger);
  try {
    const applied = await migrate(orm);
    logger.info({ event: "db.migrated", applied }, `applied ${applied.length} migration(s)`);
  } finally {
    await orm.close(true);
  }
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    logger.fatal({ event: "db.migrate_failed", err: error }, "migration failed");
  }
  process.exitCode = 1;
}
