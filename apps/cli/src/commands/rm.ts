import { KuraError } from "@kura/sdk";
import { EXIT, UsageError } from "../exit-codes.js";
import { type Io, line, notFound } from "../io.js";
import { clientFrom, parse } from "../options.js";
import { describe } from "./upload.js";

export const RM_USAGE = "kura rm ID... [--json]";

/**
 * Deletes each upload in turn and prints `deleted ID` for each. An id with no upload is reported
 * as NOT_FOUND and makes the exit code 1, but the rest are still deleted; a network failure
 * stops the run.
 */
export async function rm(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {});
  if (positionals.length === 0) throw new UsageError(`Nothing to delete. Usage: ${RM_USAGE}`);
  const client = clientFrom(values, io.env);

  let exit: number = EXIT.ok;
  const results: { id: string; deleted: boolean }[] = [];
  for (const id of positionals) {
    try {
      const deleted = await client.deleteUpload(id);
      results.push({ id, deleted });
      if (!deleted) exit = notFound(io, id);
      else if (!values.json) line(io.stdout, `deleted ${id}`);
    } catch (error) {
      if (!(error instanceof KuraError)) throw error;
      line(io.stderr, `kura: ${id}: refused: ${describe(error)}`);
      exit = EXIT.refused;
    }
  }

  if (values.json) line(io.stdout, JSON.stringify(results, null, 2));
  return exit;
}
