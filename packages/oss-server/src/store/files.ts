import { createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Crc64 } from "./crc64.js";

/** Folder layout under the data directory. Temp files live beside the data so rename is atomic. */
export class Layout {
  constructor(readonly root: string) {}

  get tmp(): string {
    return join(this.root, ".tmp");
  }

  objects(bucket: string): string {
    return join(this.root, "buckets", bucket, "objects");
  }

  uploads(bucket: string): string {
    return join(this.root, "buckets", bucket, "uploads");
  }

  upload(bucket: string, uploadId: string): string {
    return join(this.uploads(bucket), uploadId);
  }

  tempFile(): string {
    return join(this.tmp, `${Date.now()}-${randomBytes(8).toString("hex")}`);
  }
}

export function randomSuffix(): string {
  return randomBytes(6).toString("hex");
}

/** What was learnt about a body while writing it to disk. */
export interface BodyDigest {
  size: number;
  md5: Buffer;
  crc64: bigint;
}

/** Counts and hashes bytes as they pass. */
export class DigestStream extends Transform {
  private readonly md5 = createHash("md5");
  private readonly crc = new Crc64();
  private size = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.md5.update(chunk);
    this.crc.update(chunk);
    this.size += chunk.length;
    done(null, chunk);
  }

  result(): BodyDigest {
    return { size: this.size, md5: this.md5.digest(), crc64: this.crc.digest() };
  }
}

/**
 * Streams `source` into a new temp file, hashing on the way. On any failure the temp file is
 * removed and the error rethrown, so an interrupted upload leaves nothing behind.
 */
export async function writeTempFile(
  layout: Layout,
  source: NodeJS.ReadableStream | AsyncIterable<Buffer>,
): Promise<{ path: string; digest: BodyDigest }> {
  const path = layout.tempFile();
  const digest = new DigestStream();

  try {
    await pipeline(source, digest, createWriteStream(path, { flags: "wx" }));
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
  return { path, digest: digest.result() };
}

/** Writes JSON to a temp file and renames it over `target`: readers see the old or the new. */
export async function writeJsonAtomic(
  layout: Layout,
  target: string,
  value: unknown,
): Promise<void> {
  const temp = layout.tempFile();

  await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`, { flag: "wx" });
  await rename(temp, target);
}

export async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as T;
  } catch {
    // A sidecar that cannot be read never committed; the object is treated as absent.
    return undefined;
  }
}

/** Moves a folder out of sight in one rename, then deletes it at leisure. */
export async function removeFolderAtomic(layout: Layout, folder: string): Promise<void> {
  const trash = layout.tempFile();

  await rename(folder, trash);
  await rm(trash, { recursive: true, force: true });
}

export async function ensureDir(path: string): Promise<void> {
  await mkdir(path, { recursive: true });
}
