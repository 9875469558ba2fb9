import { EntrySchema } from "../db/entry-entity.js";
import type { Em } from "../db/orm.js";
import { UploadSchema } from "../db/upload-entity.js";
import type { Logger } from "../log/logger.js";
import type { ObjectStore } from "../storage/object-store.js";
import { findUpload } from "./upload-queries.js";

/**
 * Removes an upload's object, then its row, and tells whether there was one to remove. The object
 * goes first: if the row cannot be deleted afterwards, the next call finds the row again and
 * finishes the job, whereas a row deleted first would leave an object nothing points at.
 */
export async function deleteUpload(
  deps: { em: Em; store: ObjectStore },
  id: string,
  log: Logger,
): Promise<boolean> {
  const row = await findUpload(deps.em, id);
  if (!row) return false;

  await deps.store.delete(row.objectKey);
  // Entries go explicitly: SQLite does not enforce the foreign key's cascade unless asked to.
  const removed = await deps.em.transactional(async (tx) => {
    await tx.nativeDelete(EntrySchema, { uploadId: row.id });
    return tx.nativeDelete(UploadSchema, { id: row.id });
  });

  log.info({ event: "upload.deleted", uploadId: row.id, bytes: row.size }, "upload deleted");
  return removed > 0;
}
