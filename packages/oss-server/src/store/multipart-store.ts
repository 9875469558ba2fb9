import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { readdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { ossErrors } from "../errors.js";
import {
  ensureDir,
  type Layout,
  randomSuffix,
  readJson,
  removeFolderAtomic,
  writeJsonAtomic,
  writeTempFile,
} from "./files.js";
import { KeyedLock } from "./keyed-lock.js";
import type { ObjectRecord } from "./object-record.js";
import { compareKeys, type ObjectStore } from "./object-store.js";

/** OSS refuses parts smaller than this, except the last one. */
export const MIN_PART_SIZE = 100 * 1024;
export const MAX_PART_NUMBER = 10_000;

export interface PartRecord {
  partNumber: number;
  dataFile: string;
  size: number;
  /** Quoted upper-case MD5 hex. */
  etag: string;
  crc64: string;
  lastModified: string;
}

export interface UploadRecord {
  uploadId: string;
  bucket: string;
  key: string;
  initiated: string;
  headers: Record<string, string>;
}

interface UploadState extends UploadRecord {
  parts: Map<number, PartRecord>;
}

export interface RequestedPart {
  partNumber: number;
  etag: string;
}

function normaliseEtag(etag: string): string {
  return etag.trim().replace(/^"|"$/g, "").toUpperCase();
}

/**
 * Open multipart uploads: one folder per upload under the bucket's `uploads` folder, with
 * `upload.json` and, per part, `part-N.json` pointing at `part-N.<suffix>.bin`.
 */
export class MultipartStore {
  private readonly uploads = new Map<string, UploadState>();
  private readonly lock = new KeyedLock();

  private constructor(
    private readonly layout: Layout,
    private readonly objects: ObjectStore,
  ) {}

  static async open(
    layout: Layout,
    objects: ObjectStore,
    buckets: readonly string[],
  ): Promise<MultipartStore> {
    const store = new MultipartStore(layout, objects);

    for (const bucket of buckets) {
      await ensureDir(layout.uploads(bucket));
      for (const state of await loadUploads(layout.uploads(bucket))) {
        store.uploads.set(state.uploadId, state);
      }
    }
    return store;
  }

  async initiate(
    bucket: string,
    key: string,
    headers: Record<string, string>,
  ): Promise<UploadRecord> {
    const uploadId = randomBytes(16).toString("hex").toUpperCase();
    const record: UploadRecord = {
      uploadId,
      bucket,
      key,
      initiated: new Date().toISOString(),
      headers,
    };
    const folder = this.layout.upload(bucket, uploadId);

    await ensureDir(folder);
    await writeJsonAtomic(this.layout, join(folder, "upload.json"), record);
    this.uploads.set(uploadId, { ...record, parts: new Map() });
    return record;
  }

  /** The upload, if it exists and belongs to this bucket and key. */
  find(bucket: string, key: string, uploadId: string): UploadState {
    const state = this.uploads.get(uploadId);

    if (state === undefined || state.bucket !== bucket || state.key !== key) {
      throw ossErrors.noSuchUpload(uploadId);
    }
    return state;
  }

  async uploadPart(
    bucket: string,
    key: string,
    uploadId: string,
    partNumber: number,
    body: Readable,
  ): Promise<PartRecord> {
    const state = this.find(bucket, key, uploadId);
    const folder = this.layout.upload(bucket, uploadId);
    const { path, digest } = await writeTempFile(this.layout, body);

    return this.lock.run(`${uploadId}/${partNumber}`, async () => {
      // The upload may have been completed or aborted while the body was arriving.
      if (!this.uploads.has(uploadId)) {
        await rm(path, { force: true });
        throw ossErrors.noSuchUpload(uploadId);
      }

      const previous = state.parts.get(partNumber);
      const part: PartRecord = {
        partNumber,
        dataFile: `part-${partNumber}.${randomSuffix()}.bin`,
        size: digest.size,
        etag: `"${digest.md5.toString("hex").toUpperCase()}"`,
        crc64: digest.crc64.toString(10),
        lastModified: new Date().toISOString(),
      };

      await rename(path, join(folder, part.dataFile));
      await writeJsonAtomic(this.layout, join(folder, `part-${partNumber}.json`), part);
      state.parts.set(partNumber, part);

      if (previous !== undefined) await rm(join(folder, previous.dataFile), { force: true });
      return part;
    });
  }

  listParts(bucket: string, key: string, uploadId: string): PartRecord[] {
    const state = this.find(bucket, key, uploadId);
    return [...state.parts.values()].sort((a, b) => a.partNumber - b.partNumber);
  }

  /** Open uploads of a bucket, by key then by initiation time. */
  listUploads(bucket: string): UploadRecord[] {
    return [...this.uploads.values()]
      .filter((state) => state.bucket === bucket)
      .map(({ parts: _parts, ...record }) => record)
      .sort((a, b) => compareKeys(a.key, b.key) || a.initiated.localeCompare(b.initiated));
  }

  async abort(bucket: string, key: string, uploadId: string): Promise<void> {
    this.find(bucket, key, uploadId);
    this.uploads.delete(uploadId);
    await removeFolderAtomic(this.layout, this.layout.upload(bucket, uploadId));
  }

  /**
   * Checks the requested parts against the stored ones, concatenates them into one object
   * (computing the CRC-64 of the whole) and ends the upload.
   */
  async complete(
    bucket: string,
    key: string,
    uploadId: string,
    requested: readonly RequestedPart[],
  ): Promise<ObjectRecord> {
    const state = this.find(bucket, key, uploadId);
    const parts = checkParts(state, requested);
    const folder = this.layout.upload(bucket, uploadId);
    const partMd5s = parts.map((part) => Buffer.from(normaliseEtag(part.etag), "hex"));
    const md5OfMd5s = createHash("md5").update(Buffer.concat(partMd5s)).digest("hex");

    const { path, digest } = await writeTempFile(this.layout, concatenate(folder, parts));

    const record = await this.objects.commit({
      bucket,
      key,
      tempPath: path,
      digest,
      etag: `"${md5OfMd5s.toUpperCase()}-${parts.length}"`,
      type: "Multipart",
      headers: state.headers,
    });
    this.uploads.delete(uploadId);
    await removeFolderAtomic(this.layout, folder);
    return record;
  }
}

function checkParts(state: UploadState, requested: readonly RequestedPart[]): PartRecord[] {
  const parts: PartRecord[] = [];

  for (const [index, wanted] of requested.entries()) {
    const previous = requested[index - 1];
    if (previous !== undefined && wanted.partNumber <= previous.partNumber) {
      throw ossErrors.invalidPartOrder();
    }

    const part = state.parts.get(wanted.partNumber);
    if (part === undefined || normaliseEtag(part.etag) !== normaliseEtag(wanted.etag)) {
      throw ossErrors.invalidPart(wanted.partNumber);
    }
    parts.push(part);
  }

  for (const part of parts.slice(0, -1)) {
    if (part.size < MIN_PART_SIZE) throw ossErrors.entityTooSmall(part.partNumber);
  }
  return parts;
}

async function* concatenate(folder: string, parts: readonly PartRecord[]): AsyncGenerator<Buffer> {
  for (const part of parts) {
    for await (const chunk of createReadStream(join(folder, part.dataFile))) {
      yield chunk as Buffer;
    }
  }
}

async function loadUploads(folder: string): Promise<UploadState[]> {
  const states: UploadState[] = [];

  for (const uploadId of await readdir(folder)) {
    const uploadFolder = join(folder, uploadId);
    const record = await readJson<UploadRecord>(join(uploadFolder, "upload.json"));
    if (record === undefined) {
      // Initiation never committed.
      await rm(uploadFolder, { recursive: true, force: true });
      continue;
    }

    const state: UploadState = { ...record, parts: new Map() };
    const names = await readdir(uploadFolder);
    for (const name of names.filter((n) => /^part-\d+\.json$/.test(n))) {
      const part = await readJson<PartRecord>(join(uploadFolder, name));
      if (part !== undefined) state.parts.set(part.partNumber, part);
    }

    const referenced = new Set([...state.parts.values()].map((part) => part.dataFile));
    for (const name of names.filter((n) => n.endsWith(".bin") && !referenced.has(n))) {
      await rm(join(uploadFolder, name), { force: true });
    }
    states.push(state);
  }
  return states;
}
