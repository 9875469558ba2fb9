import { randomBytes, randomUUID } from "node:crypto";
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { KuraError } from "../errors/kura-error.js";
import { signDownload } from "./download-signature.js";
import type {
  ByteRange,
  ObjectInfo,
  ObjectStore,
  PutOptions,
  SignedUrlOptions,
  StagedObject,
} from "./object-store.js";

const TEMP_DIR = ".incoming";
const CONTENT_TYPE = "application/zip";

/**
 * Objects as files under one folder. A put writes to a temporary name inside the same folder tree
 * (so the final rename is atomic) and only `commit` moves it under its key.
 */
export class LocalObjectStore implements ObjectStore {
  readonly kind = "local";

  private constructor(
    private readonly root: string,
    /** Signs the download URLs Kura serves for this store (see `http/download-route.ts`). */
    readonly downloadSecret: Buffer,
  ) {}

  /**
   * Opens the folder, creating it, and clears temporary files a crash may have left. Without a
   * `downloadSecret`, download URLs are signed with a random key and die with the process.
   */
  static async open(root: string, downloadSecret?: string): Promise<LocalObjectStore> {
    await mkdir(path.join(root, TEMP_DIR), { recursive: true });
    for (const name of await readdir(path.join(root, TEMP_DIR))) {
      await rm(path.join(root, TEMP_DIR, name), { force: true });
    }
    const secret = downloadSecret ? Buffer.from(downloadSecret, "utf8") : randomBytes(32);
    return new LocalObjectStore(root, secret);
  }

  async put(key: string, body: Readable, _options: PutOptions): Promise<StagedObject> {
    const finalPath = this.pathOf(key);
    const tempPath = path.join(this.root, TEMP_DIR, randomUUID());

    const file = createWriteStream(tempPath, { flags: "wx" });
    try {
      await pipeline(body, file);
    } catch (error) {
      // A write stream opens its file lazily: when the body fails first, the file may still be
      // on its way into existence. Removing it before the stream closed would leave it behind.
      if (!file.closed) await once(file, "close").catch(() => undefined);
      await rm(tempPath, { force: true });
      throw error;
    }

    const { size } = await stat(tempPath);
    let settled = false;
    return {
      key,
      size,
      commit: async () => {
        if (settled) throw new Error(`staged object ${key} was already settled`);
        settled = true;
        await mkdir(path.dirname(finalPath), { recursive: true });
        await rename(tempPath, finalPath);
      },
      discard: async () => {
        settled = true;
        await rm(tempPath, { force: true });
      },
    };
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    const file = this.pathOf(key);
    await stat(file);
    return createReadStream(file, range ? { start: range.start, end: range.end } : {});
  }

  async head(key: string): Promise<ObjectInfo | null> {
    try {
      const info = await stat(this.pathOf(key));
      return { key, size: info.size, contentType: CONTENT_TYPE, lastModified: info.mtime };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    const entries = await readdir(this.root, { recursive: true, withFileTypes: true });
    const keys = entries
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(this.root, path.join(entry.parentPath, entry.name)))
      .map((relative) => relative.split(path.sep).join("/"))
      .filter((key) => !key.startsWith(`${TEMP_DIR}/`) && key.startsWith(prefix))
      .sort();

    for (const key of keys) {
      const info = await this.head(key);
      if (info) yield info;
    }
  }

  async signedUrl(key: string, options: SignedUrlOptions): Promise<string> {
    this.pathOf(key);
    const expiresAt = Math.floor(Date.now() / 1000) + options.expiresIn;
    return signDownload(this.downloadSecret, key, options.filename, expiresAt);
  }

  /** Writes and removes a tiny file: a folder that exists may still be read-only or full. */
  async probe(): Promise<void> {
    const file = path.join(this.root, TEMP_DIR, `probe-${randomUUID()}`);
    try {
      await writeFile(file, "", { flag: "wx" });
    } catch (error) {
      throw KuraError.storageUnavailable(
        "local_folder",
        "The local object folder cannot be written.",
        error,
      );
    } finally {
      await rm(file, { force: true });
    }
  }

  /** Keys are made by the server, but a key must never reach outside the folder all the same. */
  private pathOf(key: string): string {
    const segments = key.split("/");
    const valid = segments.every((s) => /^[A-Za-z0-9._-]+$/.test(s) && s !== "." && s !== "..");
    if (!valid || segments[0] === TEMP_DIR) throw new Error(`invalid object key: ${key}`);
    return path.join(this.root, ...segments);
  }
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === "ENOENT";
}
