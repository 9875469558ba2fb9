#!/usr/bin/env node
import { parseCliOptions, USAGE } from "./cli-options.js";
import { jsonLogger, silentLogger } from "./logger.js";
import { startOssServer } from "./server.js";

async function main(): Promise<void> {
  let options: ReturnType<typeof parseCliOptions>;
  try {
    options = parseCliOptions(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`kura-oss-server: ${(error as Error).message}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  const server = await startOssServer({
    ...options,
    logger: options.quiet ? silentLogger : jsonLogger,
  });
  process.stdout.write(
    `kura-oss-server listening on ${server.url} (buckets: ${options.buckets.join(", ")}; dir: ${options.dir})\n`,
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`kura-oss-server: ${signal}, stopping\n`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`kura-oss-server: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

await main();
