import type { Em } from "../db/orm.js";
import { type UploadRow, UploadSchema } from "../db/upload-entity.js";
import type { UploadCursor } from "./cursor.js";
import { foldFilename } from "./fold-filename.js";
import { isUuid } from "./ids.js";

export interface UploadFilterInput {
  filenameContains?: string | null;
  createdAfter?: Date | null;
  createdBefore?: Date | null;
  sha256?: string | null;
}

export interface UploadPage {
  rows: UploadRow[];
  hasNextPage: boolean;
  totalCount: number;
}

/**
 * One page of uploads, newest first, by keyset: the page starts strictly after `after` in the
 * (created_at, id) order, so deep pages cost the same as the first and concurrent inserts never
 * shift rows between pages.
 */
export async function listUploads(
  em: Em,
  first: number,
  after: UploadCursor | undefined,
  filter: UploadFilterInput,
): Promise<UploadPage> {
  const filtered = () => {
    const qb = em.createQueryBuilder(UploadSchema, "u");
    if (filter.filenameContains) {
      // instr() exists in both MySQL and SQLite; unlike LIKE it needs no escaping of % and _.
      qb.andWhere("instr(u.filename_folded, ?) > 0", [foldFilename(filter.filenameContains)]);
    }
    if (filter.createdAfter) qb.andWhere({ createdAt: { $gt: filter.createdAfter } });
    if (filter.createdBefore) qb.andWhere({ createdAt: { $lt: filter.createdBefore } });
    if (filter.sha256) qb.andWhere({ sha256: filter.sha256.toLowerCase() });
    return qb;
  };

  const page = filtered();
  if (after) {
    page.andWhere({
      $or: [
        { createdAt: { $lt: after.createdAt } },
        { createdAt: after.createdAt, id: { $lt: after.id } },
      ],
    });
  }
  page.orderBy({ createdAt: "desc", id: "desc" }).limit(first + 1);

  const rows = await page.getResultList();
  const totalCount = await filtered().getCount();
  return { rows: rows.slice(0, first), hasNextPage: rows.length > first, totalCount };
}

export async function findUpload(em: Em, id: string): Promise<UploadRow | null> {
  // Ids are written in lower case; a client that upper-cases one still means the same upload.
  const normalised = id.toLowerCase();
  if (!isUuid(normalised)) return null;
  return em.findOne(UploadSchema, { id: normalised });
}
