import { type ParseArgsConfig, parseArgs } from "node:util";
import { createClient, type KuraClient } from "@kura/sdk";
import { UsageError } from "./exit-codes.js";

/** Options every command takes. */
export const GLOBAL_OPTIONS = {
  url: { type: "string" },
  header: { type: "string", short: "H", multiple: true },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** Parses one command's arguments, turning the parser's complaints into usage errors. */
export function parse<const O extends NonNullable<ParseArgsConfig["options"]>>(
  args: string[],
  options: O,
) {
  try {
    return parseArgs({
      args,
      options: { ...GLOBAL_OPTIONS, ...options },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/**
 * The client for `--url` (or `KURA_URL`) with the headers of `--header 'Name: value'` flags
 * and of `KURA_HEADERS` (one `Name: value` per line); flags win over the environment.
 */
export function clientFrom(
  values: { url?: string; header?: string[] },
  env: NodeJS.ProcessEnv,
): KuraClient {
  const url = values.url ?? env.KURA_URL;
  if (!url) throw new UsageError("No server given: pass --url or set KURA_URL.");
  if (!URL.canParse(url)) throw new UsageError(`Not a URL: ${url}`);

  const lines = [...(env.KURA_HEADERS ?? "").split(/\r?\n/), ...(values.header ?? [])];
  const headers: Record<string, string> = {};
  for (const raw of lines) {
    if (raw.trim() === "") continue;
    const colon = raw.indexOf(":");
    const name = raw.slice(0, colon).trim();
    if (colon < 1 || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      throw new UsageError(`A header must read 'Name: value', not ${JSON.stringify(raw)}.`);
    }
    headers[name.toLowerCase()] = raw.slice(colon + 1).trim();
  }

  return createClient({ url, headers });
}

/** A flag's value as a whole number of at least `min`, or a usage error naming the flag. */
export function wholeNumber(value: string | undefined, flag: string, min: number) {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!(Number.isInteger(number) && number >= min)) {
    throw new UsageError(`${flag} takes a whole number of at least ${min}, not ${value}.`);
  }
  return number;
}
