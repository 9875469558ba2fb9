import { createHash } from "node:crypto";
import { type FileHandle, open, readdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { ossErrors } from "../errors.js";
import {
  type BodyDigest,
  ensureDir,
  type Layout,
  randomSuffix,
  readJson,
  writeJsonAtomic,
  writeTempFile,
} from "./files.js";
import { KeyedLock } from "./keyed-lock.js";
import type { ObjectRecord } from "./object-record.js";

/** Sidecars are named by a hash of the key, so no key can name a path outside the folder. */
function keyHash(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** Byte order of UTF-8, which is how OSS sorts keys. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

export interface CommitInput {
  bucket: string;
  key: string;
  tempPath: string;
  digest: BodyDigest;
  etag: string;
  type: ObjectRecord["type"];
  headers: Record<string, string>;
  contentMd5?: string;
}

/**
 * Objects on disk: `<hash>.json` is the commit point, pointing at `<hash>.<suffix>.bin`. A new
 * version writes its data file first, then renames its sidecar over the old one, then drops
 * the old data file. An index of all sidecars is kept in memory and rebuilt on start.
 */
export class ObjectStore {
  private readonly index = new Map<string, Map<string, ObjectRecord>>();
  private readonly lock = new KeyedLock();

  private constructor(private readonly layout: Layout) {}

  static async open(layout: Layout, buckets: readonly string[]): Promise<ObjectStore> {
    const store = new ObjectStore(layout);

    for (const bucket of buckets) {
      await ensureDir(layout.objects(bucket));
      store.index.set(bucket, await loadBucket(layout.objects(bucket)));
    }
    return store;
  }

  hasBucket(bucket: string): boolean {
    return this.index.has(bucket);
  }

  get(bucket: string, key: string): ObjectRecord | undefined {
    return this.index.get(bucket)?.get(key);
  }

  /** Every object of the bucket, in key order. */
  list(bucket: string): ObjectRecord[] {
    return [...(this.index.get(bucket)?.values() ?? [])].sort((a, b) => compareKeys(a.key, b.key));
  }

  async put(
    bucket: string,
    key: string,
    body: Readable,
    headers: Record<string, string>,
    expectedMd5: string | undefined,
  ): Promise<ObjectRecord> {
    const { path, digest } = await writeTempFile(this.layout, body);
    const contentMd5 = digest.md5.toString("base64");

    if (expectedMd5 !== undefined && expectedMd5 !== contentMd5) {
      await rm(path, { force: true });
      throw ossErrors.invalidDigest();
    }

    const etag = `"${digest.md5.toString("hex").toUpperCase()}"`;
    return this.commit({
      bucket,
      key,
      tempPath: path,
      digest,
      etag,
      type: "Normal",
      headers,
      contentMd5,
    });
  }

  /** Moves a finished temp file into place as the new version of `key`. */
  async commit(input: CommitInput): Promise<ObjectRecord> {
    const folder = this.layout.objects(input.bucket);
    const hash = keyHash(input.key);

    return this.lock.run(`${input.bucket}/${input.key}`, async () => {
      const previous = this.get(input.bucket, input.key);
      const record: ObjectRecord = {
        key: input.key,
        dataFile: `${hash}.${randomSuffix()}.bin`,
        size: input.digest.size,
        etag: input.etag,
        crc64: input.digest.crc64.toString(10),
        type: input.type,
        lastModified: new Date().toISOString(),
        headers: input.headers,
        ...(input.contentMd5 === undefined ? {} : { contentMd5: input.contentMd5 }),
      };

      await rename(input.tempPath, join(folder, record.dataFile));
      await writeJsonAtomic(this.layout, join(folder, `${hash}.json`), record);
      this.index.get(input.bucket)?.set(input.key, record);

      if (previous !== undefined) await rm(join(folder, previous.dataFile), { force: true });
      return record;
    });
  }

  /** Removes `key`; absent keys are fine, as in OSS. */
  async delete(bucket: string, key: string): Promise<void> {
    const folder = this.layout.objects(bucket);

    await this.lock.run(`${bucket}/${key}`, async () => {
      const previous = this.get(bucket, key);
      if (previous === undefined) return;

      await rm(join(folder, `${keyHash(key)}.json`), { force: true });
      this.index.get(bucket)?.delete(key);
      await rm(join(folder, previous.dataFile), { force: true });
    });
  }

  /**
   * Opens the current version of `key` for reading. A concurrent overwrite may delete the data
   * file between reading the index and opening it; the lookup is then simply repeated.
   */
  async open(bucket: string, key: string): Promise<OpenObject | undefined> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const record = this.get(bucket, key);
      if (record === undefined) return undefined;

      try {
        const file = await open(join(this.layout.objects(bucket), record.dataFile), "r");
        return { record, file };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      }
    }
    throw new Error(`object ${bucket}/${key} kept changing while being opened`);
  }
}

export interface OpenObject {
  record: ObjectRecord;
  /** The caller closes it (a stream made with autoClose does). */
  file: FileHandle;
}

async function loadBucket(folder: string): Promise<Map<string, ObjectRecord>> {
  const records = new Map<string, ObjectRecord>();
  const names = await readdir(folder);
  const referenced = new Set<string>();

  for (const name of names.filter((n) => n.endsWith(".json"))) {
    const record = await readJson<ObjectRecord>(join(folder, name));
    if (record === undefined) continue;

    records.set(record.key, record);
    referenced.add(record.dataFile);
  }

  // Data files no sidecar points at are left over from a crash between the two renames.
  for (const name of names.filter((n) => n.endsWith(".bin") && !referenced.has(n))) {
    await rm(join(folder, name), { force: true });
  }
  return records;
}
