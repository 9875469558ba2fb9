import type { ZipEntryInfo } from "@kura/zip";
import { type EntryRow, EntrySchema } from "../db/entry-entity.js";
import type { Em } from "../db/orm.js";
import { type UploadRow, UploadSchema } from "../db/upload-entity.js";

// Rows per INSERT: 11 values each keeps a batch under SQLite's 32,766 bound variables and
// MySQL's 65,535 placeholders, while a 15,000-entry archive needs only a few dozen round trips.
const ENTRY_BATCH = 1000;

/**
 * Writes the upload row and all its entries in one transaction, so that no reader ever sees an
 * upload whose entries are missing or half written.
 */
export async function recordUpload(em: Em, row: UploadRow, entries: ZipEntryInfo[]): Promise<void> {
  await em.transactional(async (tx) => {
    await tx.insert(UploadSchema, row);
    for (let start = 0; start < entries.length; start += ENTRY_BATCH) {
      const batch = entries.slice(start, start + ENTRY_BATCH);
      await tx.insertMany(
        EntrySchema,
        batch.map((entry, index) => toEntryRow(row.id, start + index, entry)),
      );
    }
  });
}

function toEntryRow(uploadId: string, ordinal: number, entry: ZipEntryInfo): EntryRow {
  return { uploadId, ordinal, ...entry };
}
