import { isIP } from "node:net";
import type { Readable } from "node:stream";
import OSS from "ali-oss";
import type { OssConfig } from "../../config/env.js";

/** The response part of every ali-oss result Kura reads. */
export interface OssResponse {
  status: number;
  headers: Record<string, string | undefined>;
}

/**
 * Per-request options. `timeout` is urllib's `[connect, response]` pair: the response timer runs
 * from the connection to the response headers, so it must cover sending the whole body.
 */
export interface CallOptions {
  timeout: [number, number];
  headers?: Record<string, string>;
  mime?: string;
}

/** The part of ali-oss 6.23 that Kura uses, typed for what it really returns. */
export interface OssClient {
  putStream(name: string, body: Readable, options: CallOptions): Promise<{ res: OssResponse }>;
  put(name: string, body: Buffer, options: CallOptions): Promise<{ res: OssResponse }>;
  getStream(name: string, options: CallOptions): Promise<{ stream: Readable; res: OssResponse }>;
  head(name: string, options: CallOptions): Promise<{ res: OssResponse }>;
  delete(name: string, options: CallOptions): Promise<{ res: OssResponse }>;
  listV2(
    query: Record<string, string | number>,
    options: CallOptions,
  ): Promise<{
    objects?: { name: string; size: number; lastModified: string; type: string }[];
    isTruncated: boolean;
    nextContinuationToken?: string;
  }>;
  initMultipartUpload(name: string, options: CallOptions): Promise<{ uploadId: string }>;
  /** With a readable stream as `file`, ali-oss sends that stream as the part's body. */
  uploadPart(
    name: string,
    uploadId: string,
    partNumber: number,
    file: Readable,
    start: number,
    end: number,
    options: CallOptions,
  ): Promise<{ etag: string; res: OssResponse }>;
  completeMultipartUpload(
    name: string,
    uploadId: string,
    parts: { number: number; etag: string }[],
    options: CallOptions,
  ): Promise<{ res: OssResponse }>;
  abortMultipartUpload(name: string, uploadId: string, options: CallOptions): Promise<unknown>;
  /** ListMultipartUploads; `initiated` is OSS's ISO 8601 time. */
  listUploads(
    query: Record<string, string | number>,
    options: CallOptions,
  ): Promise<{
    uploads: { name: string; uploadId: string; initiated: string }[];
    isTruncated: boolean;
    nextKeyMarker?: string;
    nextUploadIdMarker?: string;
  }>;
  signatureUrl(
    name: string,
    options: { expires: number; response: Record<string, string> },
  ): string;
  signatureUrlV4(
    method: "GET",
    expires: number,
    request: { headers: Record<string, string>; queries: Record<string, string> },
    objectName: string,
  ): Promise<string>;
}

/** A host that cannot carry a bucket sub-domain: an IP literal, or `localhost`. */
export function isLocalHost(endpoint: string): boolean {
  const { hostname } = new URL(endpoint);
  return isIP(hostname.replace(/^\[|\]$/g, "")) !== 0 || hostname === "localhost";
}

/**
 * An ali-oss client for one endpoint. `pathStyle` asks for `/bucket/key` paths; ali-oss needs it
 * for `localhost` (virtual hosting would make `bucket.localhost`), and its V4 URL signer needs it
 * for IP endpoints.
 */
export function createOssClient(
  config: OssConfig,
  endpoint: string,
  pathStyle: boolean,
): OssClient {
  const options = {
    endpoint,
    bucket: config.bucket,
    region: config.region,
    accessKeyId: config.accessKeyId,
    accessKeySecret: config.accessKeySecret,
    stsToken: config.stsToken,
    // Without an interval ali-oss warns on the console about tokens it cannot refresh; Kura takes
    // a fresh token with a restart, so the interval only quiets the warning.
    refreshSTSTokenInterval: config.stsToken ? 3_600_000 : undefined,
    secure: endpoint.startsWith("https:"),
    timeout: config.timeoutMs,
    sldEnable: pathStyle,
  };
  return new OSS(options as OSS.Options) as unknown as OssClient;
}
