import { KuraError, KuraNetworkError } from "@kura/sdk";
import { LS_USAGE, ls } from "./commands/ls.js";
import { RM_USAGE, rm } from "./commands/rm.js";
import { SHOW_USAGE, show } from "./commands/show.js";
import { describe, UPLOAD_USAGE, upload } from "./commands/upload.js";
import { URL_USAGE, url } from "./commands/url.js";
import { EXIT, UsageError } from "./exit-codes.js";
import { type Io, line } from "./io.js";

const COMMANDS: Record<string, (args: string[], io: Io) => Promise<number>> = {
  upload,
  ls,
  show,
  url,
  rm,
};

export const USAGE = `Usage:
  ${UPLOAD_USAGE}
  ${LS_USAGE}
  ${SHOW_USAGE}
  ${URL_USAGE}
  ${RM_USAGE}

Every command takes:
  --url URL             the Kura server (default: $KURA_URL)
  -H, --header 'K: V'   an extra request header, repeatable (also $KURA_HEADERS, one per line)
  --json                print JSON instead of text

Exit codes: 0 ok, 1 refused by the server (NOT_FOUND for an unknown id included), 2 usage
error, 3 network failure.`;

/** Runs one command line and answers its exit code; nothing here calls process.exit. */
export async function run(argv: string[], io: Io): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    line(name === undefined ? io.stderr : io.stdout, USAGE);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (args.includes("--help") || args.includes("-h")) {
    line(io.stdout, USAGE);
    return EXIT.ok;
  }

  const command = COMMANDS[name];
  try {
    if (!command) throw new UsageError(`Unknown command: ${name}`);
    return await command(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      line(io.stderr, `kura: ${error.message}\nRun 'kura --help' for usage.`);
      return EXIT.usage;
    }
    if (error instanceof KuraError) {
      line(io.stderr, `kura: refused: ${describe(error)}`);
      return EXIT.refused;
    }
    if (error instanceof KuraNetworkError) {
      line(io.stderr, `kura: network failure: ${error.message}`);
      return EXIT.network;
    }
    throw error;
  }
}
