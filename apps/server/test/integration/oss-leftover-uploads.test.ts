import { randomBytes } from "node:crypto";
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import OSS from "ali-oss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run, scratchDir } from "../support/archives.js";
import { type GraphQLResponse, query, uploadZip } from "../support/graphql-client.js";
import { startTestKura, type TestKura } from "../support/kura.js";
import { OSS_BUCKET, OSS_KEY, OSS_REGION, type OssKura, startOssKura } from "../support/oss.js";

// Small parts so that a 650 KiB archive goes through multipart upload in several parts.
const PARTS = { OSS_PART_SIZE: String(100 * 1024), OSS_MULTIPART_THRESHOLD: String(300 * 1024) };
const COUNT = "{ uploads(first: 1) { totalCount } }";

let fixtures: string;
let partsZip: string;

beforeAll(async () => {
  fixtures = await scratchDir();
  await writeFile(path.join(fixtures, "large.bin"), randomBytes(650 * 1024));
  partsZip = path.join(fixtures, "parts.zip");
  run("zip", ["-q", "-0", partsZip, "large.bin"], fixtures);
});

afterAll(async () => {
  if (fixtures) await rm(fixtures, { recursive: true, force: true });
});

/**
 * Sends `partsZip` to `kuraUrl` and stops the OSS server while the second part is on the wire,
 * as a crashed OSS would: Kura's abort of the multipart upload fails too. Returns the answer and
 * the upload left open once the OSS server is back on the same port and folder.
 */
async function loseOssMidMultipart(
  kuraUrl: string,
  env: OssKura,
): Promise<{ response: GraphQLResponse; open: { uploadId: string; key: string }[] }> {
  env.oss.inspect.resetRequestCounts();
  // Holds the second part long enough for the test to pull the plug under it.
  env.oss.faults.add({ operation: "UploadPart", nth: 2, action: { type: "delay", ms: 1_000 } });
  const pending = uploadZip(kuraUrl, { filename: "lost.zip", content: { path: partsZip } });
  await waitFor(() => (env.oss.inspect.requestCounts().UploadPart ?? 0) >= 2, 10_000);
  const open = env.oss.inspect
    .openUploads(OSS_BUCKET)
    .map(({ uploadId, key }) => ({ uploadId, key }));
  await env.stopOss();
  return { response: await pending, open };
}

describe("an abort that fails while OSS is down is retried in the background", () => {
  let env: OssKura;

  beforeAll(async () => {
    env = await startOssKura("mysql", { ...PARTS, OSS_ABORT_RETRY_DELAY_MS: "200" });
  });

  afterAll(async () => {
    await env?.stop();
  });

  it("aborts the open upload once the OSS server is back on the same port and folder", async () => {
    let lost: Awaited<ReturnType<typeof loseOssMidMultipart>>;
    try {
      lost = await loseOssMidMultipart(env.kura.url, env);
      expect(lost.response.status).toBe(503);
      expect(lost.response.body.errors?.[0]?.extensions).toMatchObject({
        code: "STORAGE_UNAVAILABLE",
      });
      expect(lost.open).toHaveLength(1);
      // Down long enough for the first retries to fail as well.
      await new Promise((resolve) => setTimeout(resolve, 700));
    } finally {
      // Fails only when the server never went down, and then the assertions above have failed.
      await env.restartOss().catch(() => {});
    }

    expect(env.oss.inspect.openUploads(OSS_BUCKET).map((u) => u.uploadId)).toEqual(
      lost.open.map((u) => u.uploadId),
    );
    await waitFor(() => env.oss.inspect.openUploads(OSS_BUCKET).length === 0, 10_000);
    expect(env.oss.inspect.requestCounts().AbortMultipartUpload).toBeGreaterThanOrEqual(1);

    const counted = await query<{ uploads: { totalCount: number } }>(env.kura.url, COUNT);
    expect(counted.body.data?.uploads.totalCount).toBe(0);
    expect(env.oss.inspect.objects(OSS_BUCKET)).toEqual([]);
  });
});

describe("open uploads left behind are swept", () => {
  let env: OssKura;
  let direct: OSS;

  beforeAll(async () => {
    env = await startOssKura("sqlite", { ...PARTS, OSS_PREFIX: "kura/" });
    direct = new OSS({
      endpoint: env.oss.url,
      bucket: OSS_BUCKET,
      region: OSS_REGION,
      ...OSS_KEY,
    });
  });

  afterAll(async () => {
    await env?.stop();
  });

  /** A Kura on the same OSS server and prefix as `env`, with its own data folder. */
  function startPeer(extra: Record<string, string>): Promise<TestKura> {
    return startTestKura("sqlite", {
      ...PARTS,
      OSS_ENDPOINT: env.oss.url,
      OSS_BUCKET,
      OSS_LOCATION: OSS_REGION,
      OSS_ACCESSKEYID: OSS_KEY.accessKeyId,
      OSS_ACCESSKEYSECRET: OSS_KEY.accessKeySecret,
      OSS_PREFIX: "kura/",
      ...extra,
    });
  }

  /** Opens a multipart upload with one part, through ali-oss directly. */
  async function openUpload(key: string): Promise<string> {
    const { uploadId } = await direct.initMultipartUpload(key);
    await direct.uploadPart(key, uploadId, 1, partsZip, 0, 100 * 1024);
    return uploadId;
  }

  /** Makes uploads look initiated `hoursAgo`, by editing the OSS server's records while it is down. */
  async function age(uploadIds: string[], hoursAgo: number): Promise<void> {
    await env.stopOss();
    try {
      for (const uploadId of uploadIds) {
        const file = path.join(
          env.ossDir,
          "buckets",
          OSS_BUCKET,
          "uploads",
          uploadId,
          "upload.json",
        );
        const record = JSON.parse(await readFile(file, "utf8")) as { initiated: string };
        record.initiated = new Date(Date.now() - hoursAgo * 3_600_000).toISOString();
        await writeFile(file, JSON.stringify(record));
      }
    } finally {
      await env.restartOss();
    }
  }

  const openIds = () =>
    env.oss.inspect
      .openUploads(OSS_BUCKET)
      .map((u) => u.uploadId)
      .sort();

  it("stops retrying aborts when Kura shuts down", async () => {
    const peer = await startPeer({
      OSS_ABORT_RETRY_DELAY_MS: "300",
      OSS_SWEEP_INTERVAL_SECONDS: "0",
      // The client's connection, answered before its body ended, would hold the drain open.
      KURA_SHUTDOWN_GRACE_SECONDS: "1",
    });
    let lost: Awaited<ReturnType<typeof loseOssMidMultipart>>;
    try {
      lost = await loseOssMidMultipart(peer.url, env);
      expect(lost.response.body.errors?.[0]?.extensions).toMatchObject({
        code: "STORAGE_UNAVAILABLE",
      });
    } finally {
      await peer.stop();
      await env.restartOss();
    }

    // Retries were due after 0.3 s and 0.9 s; none may come from the stopped Kura.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(openIds()).toEqual(lost.open.map((u) => u.uploadId));
    expect(env.oss.inspect.requestCounts().AbortMultipartUpload).toBeUndefined();

    for (const { key, uploadId } of lost.open) await direct.abortMultipartUpload(key, uploadId);
  });

  it("aborts stale uploads under Kura's keys at start, and leaves fresh and foreign ones", async () => {
    // Listed in key order, so the fresh upload is judged before the stale one is aborted.
    const fresh = await openUpload("kura/uploads/2024/01/01/0-fresh.zip");
    const stale = await openUpload("kura/uploads/2024/01/01/9-stale.zip");
    const foreign = await openUpload("other/uploads/2024/01/01/9-stale.zip");
    await age([stale, foreign], 3);
    expect(openIds()).toEqual([fresh, stale, foreign].sort());

    const peer = await startPeer({});
    try {
      await waitFor(() => !openIds().includes(stale), 10_000);
      expect(openIds()).toEqual([fresh, foreign].sort());

      // Nothing older than the threshold is left, so a sweep on demand finds only the fresh one
      // (the first call may join the sweep of the start, still finishing).
      const store = peer.store as unknown as {
        sweepOpenUploads(): Promise<{ open: number; aborted: number }>;
      };
      await store.sweepOpenUploads();
      expect(await store.sweepOpenUploads()).toEqual({ open: 1, aborted: 0, failed: 0 });
      expect(openIds()).toEqual([fresh, foreign].sort());
    } finally {
      await peer.stop();
      for (const [key, id] of [
        ["kura/uploads/2024/01/01/0-fresh.zip", fresh],
        ["other/uploads/2024/01/01/9-stale.zip", foreign],
      ] as const) {
        await direct.abortMultipartUpload(key, id).catch(() => {});
      }
    }
  });

  it("starts while OSS is down, and sweeps once it is back", async () => {
    const stale = await openUpload("kura/uploads/2024/01/02/stale.zip");
    await age([stale], 3);
    await env.stopOss();
    let peer: TestKura | undefined;
    try {
      peer = await startPeer({ OSS_SWEEP_INTERVAL_SECONDS: "1" });
      // The first sweep fails (logged, not fatal); the server still answers.
      const counted = await query<{ uploads: { totalCount: number } }>(peer.url, COUNT);
      expect(counted.body.data?.uploads.totalCount).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await env.restartOss();
      await waitFor(() => !openIds().includes(stale), 10_000);
    } finally {
      await peer?.stop();
    }
  });
});

async function waitFor(check: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
