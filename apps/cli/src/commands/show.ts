import type { Entry, KuraClient } from "@kura/sdk";
import { EXIT, UsageError } from "../exit-codes.js";
import { humanBytes, table } from "../format.js";
import { type Io, line, notFound } from "../io.js";
import { clientFrom, parse, wholeNumber } from "../options.js";

export const SHOW_USAGE = "kura show ID [--entries N | --all-entries] [--prefix PATH] [--json]";

/** Entries shown when neither `--entries` nor `--all-entries` is given. */
const DEFAULT_ENTRIES = 20;

/**
 * Prints one upload's details, then its entries in path order: the first 20 unless `--entries N`
 * (0 for none) or `--all-entries`, optionally only those under `--prefix`.
 */
export async function show(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    entries: { type: "string" },
    "all-entries": { type: "boolean" },
    prefix: { type: "string" },
  });
  const [id, ...rest] = positionals;
  if (!id || rest.length > 0) throw new UsageError(`Usage: ${SHOW_USAGE}`);
  if (values.entries !== undefined && values["all-entries"]) {
    throw new UsageError("--entries and --all-entries exclude each other.");
  }
  const count = wholeNumber(values.entries, "--entries", 0) ?? DEFAULT_ENTRIES;
  const client = clientFrom(values, io.env);

  const upload = await client.upload(id);
  if (!upload) return notFound(io, id);
  const listing = values["all-entries"]
    ? await allEntries(client, id, values.prefix)
    : await someEntries(client, id, count, values.prefix);

  if (values.json) {
    const shown = { ...upload, entries: listing.entries, moreEntries: listing.more };
    line(io.stdout, JSON.stringify(shown, null, 2));
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
    ["verified", upload.verified ? "yes" : "no (structure only)"],
    ["created", upload.createdAt],
  ];
  for (const [key, value] of fields) line(io.stdout, `${`${key}:`.padEnd(14)}${value}`);
  if (listing.entries.length > 0) line(io.stdout, `\n${entryTable(listing.entries)}`);
  if (listing.more) {
    line(io.stdout, `\n… more entries: pass --entries N or --all-entries to see them.`);
  }
  return EXIT.ok;
}

interface Listing {
  entries: Entry[];
  /** Entries (under the prefix) beyond those listed. */
  more: boolean;
}

async function someEntries(client: KuraClient, id: string, count: number, prefix?: string) {
  if (count === 0) return { entries: [], more: false };
  const page = await client.entries(id, { first: count, pathPrefix: prefix });
  return {
    entries: page?.edges.map((e) => e.node) ?? [],
    more: page?.pageInfo.hasNextPage ?? false,
  };
}

async function allEntries(client: KuraClient, id: string, prefix?: string): Promise<Listing> {
  const entries: Entry[] = [];
  for await (const entry of client.allEntries(id, { pathPrefix: prefix })) entries.push(entry);
  return { entries, more: false };
}

function entryTable(entries: Entry[]): string {
  const rows = entries.map((e) => [
    e.isDirectory ? "-" : String(e.size),
    e.isDirectory ? "-" : String(e.compressedSize),
    e.modifiedAt ?? "-",
    e.path,
  ]);
  return table(["SIZE", "PACKED", "MODIFIED", "PATH"], rows);
}
