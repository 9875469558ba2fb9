import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OSS from "ali-oss";
import { type OssServer, type OssServerOptions, startOssServer } from "../../src/index.js";

import { ACCESS_KEY_ID, ACCESS_KEY_SECRET, BUCKET, REGION } from "./credentials.js";

export { ACCESS_KEY_ID, ACCESS_KEY_SECRET, BUCKET, REGION };

/** ali-oss options its type declarations leave out. */
export type ClientOptions = Partial<OSS.Options> & { sldEnable?: boolean; retryMax?: number };

export interface TestServer extends AsyncDisposable {
  server: OssServer;
  dir: string;
  /** An ali-oss client aimed at the server; virtual-hosted unless `sldEnable: true`. */
  client(overrides?: ClientOptions): OSS;
}

/** Starts a server on a fresh folder under the OS temp dir; disposing stops it and removes it. */
export async function startTestServer(
  options: Partial<OssServerOptions> = {},
): Promise<TestServer> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), "kura-oss-test-")));
  const server = await startOssServer({
    dir,
    buckets: [BUCKET],
    credentials: [{ accessKeyId: ACCESS_KEY_ID, accessKeySecret: ACCESS_KEY_SECRET }],
    region: REGION,
    ...options,
  });

  return {
    server,
    dir,
    client: (overrides = {}) => createClient(server.url, overrides),
    [Symbol.asyncDispose]: async () => {
      await server.close();
      if (options.dir === undefined) await rm(dir, { recursive: true, force: true });
    },
  };
}

export function createClient(endpoint: string, overrides: ClientOptions = {}): OSS {
  const options: OSS.Options & ClientOptions = {
    endpoint,
    bucket: BUCKET,
    region: REGION,
    accessKeyId: ACCESS_KEY_ID,
    accessKeySecret: ACCESS_KEY_SECRET,
    // Failures must surface in the test, not be retried away.
    retryMax: 0,
    timeout: 30_000,
    ...overrides,
  };
  return new OSS(options);
}

/** The OSS error fields ali-oss puts on what it throws. */
export interface OssClientError {
  status: number;
  code: string;
  name: string;
  message: string;
  requestId?: string;
}

/** Runs `action` and returns what it threw; fails the test when it did not throw. */
export async function caught(action: () => Promise<unknown>): Promise<OssClientError> {
  try {
    await action();
  } catch (error) {
    return error as OssClientError;
  }
  throw new Error("expected the call to fail, but it succeeded");
}
