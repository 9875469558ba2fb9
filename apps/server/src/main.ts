import { startKura } from "./app.js";
import { ConfigError, loadConfig } from "./config/env.js";
import { createLogger } from "./log/logger.js";

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`kura: ${error.message}\n`);
  process.exit(1);
}

// No top-level await: the image's bundle is a CommonJS script (so that V8 can keep its compiled
// code in a cache), and such a script cannot await at its top.
async function main(): Promise<void> {
  const logger = createLogger({ level: config.logLevel });
  try {
    const kura = await startKura(config, logger);
    const stop = (signal: string) => {
      logger.info({ event: "server.stopping", signal }, "stopping");
      kura.close().then(
        ({ drained }) => process.exit(drained ? 0 : 1),
        (error: unknown) => {
          logger.error({ event: "server.stopped", err: error }, "stop failed");
          process.exit(1);
        },
      );
    };
    // Listeners stay installed: a second signal during the drain must not kill the process.
    let stopping = false;
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      process.on(signal, () => {
        if (stopping) return;
        stopping = true;
        stop(signal);
      });
    }
  } catch (error) {
    logger.fatal({ event: "server.start_failed", err: error }, "Kura could not start");
    process.exit(1);
  }
}

void main();
