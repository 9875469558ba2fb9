import { EXIT, UsageError } from "../exit-codes.js";
import { humanBytes } from "../format.js";
import { type Io, line } from "../io.js";
import { clientFrom, parse } from "../options.js";

export const SHOW_USAGE = "kura show ID [--json]";

/** Prints one upload's details. */
// Not yet: the archive's entries; the schema has no field for them on this branch.
export async function show(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {});
  const [id, ...rest] = positionals;
  if (!id || rest.length > 0) throw new UsageError(`Usage: ${SHOW_USAGE}`);
  const client = clientFrom(values, io.env);

  const upload = await client.upload(id);
  if (!upload) {
    line(io.stderr, `kura: NOT_FOUND: no upload with id ${id}`);
    return EXIT.refused;
  }

  if (values.json) {
    line(io.stdout, JSON.stringify(upload, null, 2));
    return EXIT.ok;
  }
  const fields: [string, string][] = [
    ["id", upload.id],
    ["filename", upload.filename],
    ["size", `${upload.size} (${humanBytes(upload.size)})`],
    ["sha256", upload.sha256],
    ["content type", upload.contentType],
    ["entries", String(upload.entryCount)],
    ["uncompressed", `${upload.uncompressedSize} (${humanBytes(upload.uncompressedSize)})`],
    ["created", upload.createdAt],
  ];
  for (const [key, value] of fields) line(io.stdout, `${`${key}:`.padEnd(14)}${value}`);
  return EXIT.ok;
}
