import { stat } from "node:fs/promises";
import path from "node:path";
import { KuraError, type Upload } from "@kura/sdk";
import { EXIT, UsageError } from "../exit-codes.js";
import { type Io, line } from "../io.js";
import { clientFrom, parse } from "../options.js";
import { progressReporter } from "../progress.js";

export const UPLOAD_USAGE = "kura upload FILE... [--sha256 HEX] [--json]";

/**
 * Uploads each file in turn and prints `id  sha256  file` for each. A refused file is reported
 * and the rest still go; a network failure stops the run.
 */
export async function upload(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, { sha256: { type: "string" } });
  if (positionals.length === 0) throw new UsageError(`Nothing to upload. Usage: ${UPLOAD_USAGE}`);
  if (values.sha256 && positionals.length > 1) {
    throw new UsageError("--sha256 applies to one file; upload the files one by one.");
  }
  await Promise.all(positionals.map(checkReadable));
  const client = clientFrom(values, io.env);

  let exit: number = EXIT.ok;
  const uploaded: Upload[] = [];
  for (const file of positionals) {
    const name = path.basename(file);
    const progress = progressReporter(io, name);
    try {
      const result = await client.uploadZip(file, {
        sha256: values.sha256,
        onProgress: (p) => progress.update(p),
      });
      uploaded.push(result);
      if (!values.json) line(io.stdout, `${result.id}  ${result.sha256}  ${file}`);
    } catch (error) {
      if (!(error instanceof KuraError)) throw error;
      line(io.stderr, `kura: ${file}: refused: ${describe(error)}`);
      exit = EXIT.refused;
    } finally {
      progress.done();
    }
  }

  if (values.json) line(io.stdout, JSON.stringify(uploaded, null, 2));
  return exit;
}

export function describe(error: KuraError): string {
  return `${error.code}${error.reason ? ` (${error.reason})` : ""}: ${error.message}`;
}

async function checkReadable(file: string): Promise<void> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) throw new UsageError(`Not a readable file: ${file}`);
}
