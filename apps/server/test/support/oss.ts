import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type OssServer, startOssServer } from "@kura/oss-server";
import { type DatabaseKind, startTestKura, type TestKura } from "./kura.js";

export const OSS_BUCKET = "kura-test";
export const OSS_REGION = "oss-ap-northeast-1";
export const OSS_KEY = { accessKeyId: "kura-test-id", accessKeySecret: "kura-test-secret" };

export interface OssKura {
  kura: TestKura;
  oss: OssServer;
  /** The OSS server's folder, kept across `restartOss`. */
  ossDir: string;
  /** Stops the OSS server (as an outage would) and starts it again on the same port and folder. */
  stopOss(): Promise<void>;
  restartOss(): Promise<OssServer>;
  stop(): Promise<void>;
}

/** A local OSS-protocol server on a free port, and a whole Kura storing into it. */
export async function startOssKura(
  kind: DatabaseKind,
  env: Record<string, string> = {},
): Promise<OssKura> {
  const ossDir = await mkdtemp(path.join(tmpdir(), "kura-oss-"));
  const start = (port = 0) =>
    startOssServer({
      dir: ossDir,
      buckets: [OSS_BUCKET],
      credentials: [OSS_KEY],
      region: OSS_REGION,
      port,
    });
  let oss = await start();
  const port = Number(new URL(oss.url).port);
  let running = true;

  const kura = await startTestKura(kind, {
    OSS_ENDPOINT: oss.url,
    OSS_BUCKET,
    OSS_ACCESSKEYID: OSS_KEY.accessKeyId,
    OSS_ACCESSKEYSECRET: OSS_KEY.accessKeySecret,
    OSS_LOCATION: OSS_REGION,
    ...env,
  });

  const handle: OssKura = {
    kura,
    oss,
    ossDir,
    stopOss: async () => {
      await oss.close();
      running = false;
    },
    restartOss: async () => {
      oss = await start(port);
      running = true;
      handle.oss = oss;
      return oss;
    },
    stop: async () => {
      try {
        await kura.stop();
      } finally {
        if (running) await oss.close();
        await rm(ossDir, { recursive: true, force: true });
      }
    },
  };
  return handle;
}
