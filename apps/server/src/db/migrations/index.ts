import type { MigrationObject } from "@mikro-orm/core";
import { CreateUploadEntries } from "./create-upload-entries.js";
import { CreateUploads } from "./create-uploads.js";
import { FoldFilenames } from "./fold-filenames.js";

/**
 * Every migration, in order. Listed by hand (not discovered on disk) so that a bundled server
 * carries them. Names are fixed forever once released.
 */
export const migrations: MigrationObject[] = [
  { name: "Migration20261204000000_create_uploads", class: CreateUploads },
  { name: "Migration20261204010000_fold_filenames", class: FoldFilenames },
  { name: "Migration20261205000000_create_upload_entries", class: CreateUploadEntries },
];
