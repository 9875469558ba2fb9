import { type Readable, Transform } from "node:stream";
import type { OssConfig } from "../config/env.js";
import { KuraError } from "../errors/kura-error.js";
import type { Logger } from "../log/logger.js";
import { attachmentDisposition } from "./content-disposition.js";
import { Crc64 } from "./crc64.js";
import type {
  ByteRange,
  ObjectInfo,
  ObjectStore,
  PutOptions,
  SignedUrlOptions,
  StagedObject,
} from "./object-store.js";
import { MultipartAborter } from "./oss/aborter.js";
import {
  type CallOptions,
  createOssClient,
  isLocalHost,
  type OssClient,
  type OssResponse,
} from "./oss/client.js";
import { isNoSuchKey, storageError } from "./oss/errors.js";
import { OpenUploadSweeper, type SweepResult } from "./oss/sweeper.js";
import { checkCrc, type PartsResult, uploadInParts } from "./oss/upload-parts.js";

const LIST_PAGE = 1000;

/** What the store needs to know about the rest of Kura to look after its multipart uploads. */
export interface OssStoreOptions {
  /** Where Kura's object keys start (below `OSS_PREFIX`); the sweep stays inside it. */
  keySpace: string;
  /** The longest a request may run (`KURA_REQUEST_TIMEOUT_SECONDS`), in milliseconds. */
  requestTimeoutMs: number;
}

// Room for clock skew between Kura and OSS, and for the last OSS call a cut request still makes.
const STALE_MARGIN_MS = 5 * 60_000;

// Deletes of a key whose put failed, from a second after the failure to about 17 minutes after.
const LATE_DELETE_ATTEMPTS = 11;

/**
 * Objects in an OSS bucket through ali-oss. Bytes stream: an upload known to be small goes as
 * one chunked PutObject; anything else goes in parts (see `uploadInParts`) and becomes visible
 * only on `commit`. Every write is checked against the CRC-64 OSS reports for it.
 */
export class OssObjectStore implements ObjectStore {
  readonly kind = "oss";

  private readonly client: OssClient;
  private readonly signer: OssClient;
  /** IP and localhost endpoints cannot carry a bucket host name; they get path-style V4 URLs. */
  private readonly localEndpoint: boolean;
  private readonly lateDeletes = new Set<NodeJS.Timeout>();
  private readonly slow: CallOptions["timeout"];
  private readonly quick: CallOptions["timeout"];
  private readonly aborter: MultipartAborter;
  private readonly sweeper: OpenUploadSweeper;

  constructor(
    private readonly config: OssConfig,
    options: OssStoreOptions,
    private readonly log?: Logger,
  ) {
    const dataEndpoint = config.internalEndpoint ?? config.endpoint;
    this.client = createOssClient(
      config,
      dataEndpoint,
      new URL(dataEndpoint).hostname === "localhost",
    );
    this.localEndpoint = isLocalHost(config.endpoint);
    this.signer = createOssClient(config, config.endpoint, this.localEndpoint);
    this.slow = [config.connectTimeoutMs, config.timeoutMs];
    this.quick = [config.connectTimeoutMs, Math.min(config.timeoutMs, 60_000)];
    this.aborter = new MultipartAborter(this.client, {
      quick: this.quick,
      retries: config.abortRetries,
      retryDelayMs: config.abortRetryDelayMs,
      log,
    });
    this.sweeper = new OpenUploadSweeper(this.client, this.aborter, {
      prefix: this.nameOf(options.keySpace),
      staleAfterMs: options.requestTimeoutMs + config.timeoutMs + STALE_MARGIN_MS,
      intervalMs: config.sweepIntervalSeconds * 1000,
      quick: this.quick,
      log,
    });
  }

  /** Starts the sweep of leftover multipart uploads: once now, in the background, then
   * every `OSS_SWEEP_INTERVAL_SECONDS`. */
  startSweeping(): void {
    this.sweeper.start();
  }

  /** Aborts the open multipart uploads under Kura's keys that are too old to be in progress. */
  sweepOpenUploads(): Promise<SweepResult> {
    return this.sweeper.sweep();
  }

  async close(): Promise<void> {
    this.sweeper.close();
    this.aborter.close();
    for (const timer of this.lateDeletes) clearTimeout(timer);
    this.lateDeletes.clear();
  }

  async put(key: string, body: Readable, options: PutOptions): Promise<StagedObject> {
    const name = this.nameOf(key);
    const small =
      options.sizeHint !== undefined && options.sizeHint <= this.config.multipartThreshold;
    if (small) return this.putStreamed(key, name, body, options.contentType);

    const result = await uploadInParts(this.client, name, body, {
      partSize: this.config.partSize,
      contentType: options.contentType,
      slow: this.slow,
      quick: this.quick,
      aborter: this.aborter,
    });
    return this.staged(key, name, result);
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    const headers: Record<string, string> = range
      ? { Range: `bytes=${range.start}-${range.end ?? ""}` }
      : {};
    try {
      const { stream } = await this.client.getStream(this.nameOf(key), {
        timeout: this.slow,
        headers,
      });
      return stream;
    } catch (error) {
      if (isNoSuchKey(error)) throw KuraError.notFound("object", key);
      throw storageError("GetObject", error);
    }
  }

  async head(key: string): Promise<ObjectInfo | null> {
    try {
      const { res } = await this.client.head(this.nameOf(key), { timeout: this.quick });
      return {
        key,
        size: Number(res.headers["content-length"] ?? 0),
        contentType: res.headers["content-type"] ?? "application/octet-stream",
        lastModified: new Date(res.headers["last-modified"] ?? 0),
      };
    } catch (error) {
      if (isNoSuchKey(error)) return null;
      throw storageError("HeadObject", error);
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.client.delete(this.nameOf(key), { timeout: this.quick });
    } catch (error) {
      if (isNoSuchKey(error)) return;
      throw storageError("DeleteObject", error);
    }
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    let token: string | undefined;
    do {
      const query: Record<string, string | number> = {
        prefix: this.nameOf(prefix),
        "max-keys": LIST_PAGE,
      };
      if (token) query["continuation-token"] = token;

      let page: Awaited<ReturnType<OssClient["listV2"]>>;
      try {
        page = await this.client.listV2(query, { timeout: this.quick });
      } catch (error) {
        throw storageError("ListObjectsV2", error);
      }
      for (const object of page.objects ?? []) {
        yield {
          key: object.name.slice(this.config.prefix.length),
          size: Number(object.size),
          contentType: "application/zip",
          lastModified: new Date(object.lastModified),
        };
      }
      token = page.isTruncated ? page.nextContinuationToken : undefined;
    } while (token);
  }

  async signedUrl(key: string, options: SignedUrlOptions): Promise<string> {
    const name = this.nameOf(key);
    const disposition = attachmentDisposition(options.filename);

    // ali-oss refuses to make V1 URLs for IP endpoints; its V4 signer makes path-style ones.
    if (this.localEndpoint) {
      return this.signer.signatureUrlV4(
        "GET",
        options.expiresIn,
        { headers: {}, queries: { "response-content-disposition": disposition } },
        name,
      );
    }
    return this.signer.signatureUrl(name, {
      expires: options.expiresIn,
      response: { "content-disposition": disposition },
    });
  }

  async probe(): Promise<void> {
    try {
      await this.client.listV2(
        { prefix: this.config.prefix, "max-keys": 1 },
        { timeout: this.quick },
      );
    } catch (error) {
      throw storageError("ListObjectsV2", error);
    }
  }

  /** One chunked PutObject, with the CRC-64 computed on the way out. */
  private async putStreamed(
    key: string,
    name: string,
    body: Readable,
    contentType: string,
  ): Promise<StagedObject> {
    const crc = new Crc64();
    let size = 0;
    let sourceError: unknown;
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        crc.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    // A failing body (a refused archive, a client gone) destroys the request ali-oss is sending,
    // so OSS never sees a complete body and stores nothing.
    body.once("error", (error) => {
      sourceError = error;
      counted.destroy(error);
    });
    body.pipe(counted);

    let result: { res: OssResponse };
    try {
      result = await this.client.putStream(name, counted, {
        timeout: this.slow,
        mime: contentType,
      });
    } catch (error) {
      counted.destroy();
      if (sourceError === undefined) this.deleteLater(key);
      throw sourceError ?? storageError("PutObject", error);
    }

    const crc64 = crc.digestDecimal();
    try {
      checkCrc("the object", crc64, result.res);
    } catch (error) {
      await this.deleteQuietly(key);
      throw error;
    }
    return this.staged(key, name, { kind: "object", size, crc64 });
  }

  /**
   * A put that failed on OSS's side of the wire (a timeout, a dropped connection) may have
   * delivered its whole body, and OSS may store the object after Kura gave up on it. The key is
   * deleted again 1, 2, 4, ... 1024 seconds after the failure (or sooner, from OSS_TIMEOUT_MS, if
   * that is under a second), so that no object outlives the failed upload for long.
   */
  private deleteLater(key: string): void {
    let delay = Math.min(this.config.timeoutMs, 1_000);
    for (let attempt = 0; attempt < LATE_DELETE_ATTEMPTS; attempt++, delay *= 2) {
      const timer = setTimeout(() => {
        this.lateDeletes.delete(timer);
        void this.deleteQuietly(key);
      }, delay);
      timer.unref();
      this.lateDeletes.add(timer);
    }
  }

  /** A finished single put is already visible: discarding deletes it. Parts wait for commit. */
  private staged(key: string, name: string, result: PartsResult): StagedObject {
    let settled = false;
    const settle = () => {
      if (settled) throw new Error(`staged object ${key} was already settled`);
      settled = true;
    };

    if (result.kind === "object") {
      return {
        key,
        size: result.size,
        commit: async () => settle(),
        discard: async () => {
          settled = true;
          await this.deleteQuietly(key);
        },
      };
    }

    let attempted = false;
    return {
      key,
      size: result.size,
      commit: async () => {
        settle();
        attempted = true;
        let completed: { res: OssResponse };
        try {
          completed = await this.client.completeMultipartUpload(
            name,
            result.uploadId,
            result.parts,
            { timeout: this.slow },
          );
        } catch (error) {
          throw storageError("CompleteMultipartUpload", error);
        }
        checkCrc("the completed object", result.crc64, completed.res);
      },
      discard: async () => {
        settled = true;
        await this.aborter.abort(name, result.uploadId);
        // A completion that failed may still have happened on OSS's side.
        if (attempted) await this.deleteQuietly(key);
      },
    };
  }

  private async deleteQuietly(key: string): Promise<void> {
    try {
      await this.delete(key);
    } catch (error) {
      this.log?.warn(
        { event: "storage.cleanup_failed", key, err: error },
        "could not delete an object that must not stay",
      );
    }
  }

  private nameOf(key: string): string {
    return `${this.config.prefix}${key}`;
  }
}
