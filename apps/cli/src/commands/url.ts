import { EXIT, UsageError } from "../exit-codes.js";
import { type Io, line, notFound } from "../io.js";
import { clientFrom, parse, wholeNumber } from "../options.js";

export const URL_USAGE = "kura url ID [--expires-in SECONDS] [--json]";

/** Prints a signed download link for one upload; the server decides the default lifetime. */
export async function url(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, { "expires-in": { type: "string" } });
  const [id, ...rest] = positionals;
  if (!id || rest.length > 0) throw new UsageError(`Usage: ${URL_USAGE}`);
  const expiresIn = wholeNumber(values["expires-in"], "--expires-in", 1);
  const client = clientFrom(values, io.env);

  const link = await client.downloadUrl(id, { expiresIn });
  if (link === null) return notFound(io, id);

  line(io.stdout, values.json ? JSON.stringify({ id, url: link }, null, 2) : link);
  return EXIT.ok;
}
