import type { QueryBuilder } from "@mikro-orm/knex";
import { type EntryRow, EntrySchema } from "../db/entry-entity.js";
import type { Em } from "../db/orm.js";
import type { EntryCursor } from "./entry-cursor.js";

export interface EntryPage {
  rows: EntryRow[];
  hasNextPage: boolean;
}

/**
 * One page of an upload's entries in path order, by keyset: the page starts strictly after
 * `after` in (path, ordinal) order, so every page costs one index range scan.
 */
export async function listEntries(
  em: Em,
  uploadId: string,
  first: number,
  after: EntryCursor | undefined,
  pathPrefix: string | undefined,
): Promise<EntryPage> {
  const qb = em.createQueryBuilder(EntrySchema, "e").where({ uploadId });
  if (pathPrefix) matchPrefix(qb, pathPrefix);
  if (after) {
    qb.andWhere({
      $or: [{ path: { $gt: after.path } }, { path: after.path, ordinal: { $gt: after.ordinal } }],
    });
  }
  qb.orderBy({ path: "asc", ordinal: "asc" }).limit(first + 1);

  const rows = await qb.getResultList();
  return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
}

type EntryQuery = QueryBuilder<EntryRow, "e">;

/**
 * Paths that start with `prefix`, taken literally. The range bounds let the index narrow the scan;
 * the exact test compares the first characters, where LIKE would need its wildcards escaped,
 * ignores case on SQLite, and on MariaDB loses names with characters past U+FFFF when it turns the
 * pattern into an index range.
 */
function matchPrefix(qb: EntryQuery, prefix: string): void {
  qb.andWhere({ path: { $gte: prefix } });
  const upper = prefixUpperBound(prefix);
  if (upper !== null) qb.andWhere({ path: { $lt: upper } });

  // substr counts characters (code points) in both databases.
  qb.andWhere("substr(e.path, 1, ?) = ?", [[...prefix].length, prefix]);
}

/** The least string greater than every string that starts with `prefix`, in code point order. */
export function prefixUpperBound(prefix: string): string | null {
  const points = [...prefix];
  while (points.length > 0) {
    const last = (points.pop() as string).codePointAt(0) as number;
    // Skip the surrogate range, which no well-formed string holds on its own.
    const next = last + 1 === 0xd800 ? 0xe000 : last + 1;
    if (next <= 0x10ffff) return points.join("") + String.fromCodePoint(next);
  }
  return null;
}
