import type { Upload } from "@kura/sdk";
import { UsageError } from "../exit-codes.js";
import { humanBytes, table } from "../format.js";
import { type Io, line } from "../io.js";
import { clientFrom, parse, wholeNumber } from "../options.js";

export const LS_USAGE = "kura ls [--first N | --all] [--name TEXT] [--json]";

/** Lists uploads, newest first: one page by default, every page with `--all`. */
export async function ls(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    first: { type: "string" },
    all: { type: "boolean" },
    name: { type: "string" },
  });
  if (positionals.length > 0)
    throw new UsageError(`Unexpected ${positionals[0]}. Usage: ${LS_USAGE}`);
  const first = wholeNumber(values.first, "--first", 1);
  const client = clientFrom(values, io.env);
  const filter = values.name ? { filenameContains: values.name } : undefined;

  let uploads: Upload[] = [];
  if (values.all) {
    for await (const upload of client.allUploads({ pageSize: first, filter })) uploads.push(upload);
  } else {
    uploads = (await client.uploads({ first, filter })).edges.map((e) => e.node);
  }

  if (values.json) {
    line(io.stdout, JSON.stringify(uploads, null, 2));
    return 0;
  }
  const rows = uploads.map((u) => [
    u.id,
    humanBytes(u.size),
    String(u.entryCount),
    u.createdAt,
    u.filename,
  ]);
  line(io.stdout, table(["ID", "SIZE", "ENTRIES", "CREATED", "FILENAME"], rows));
  return 0;
}
