import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { get } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { run, scratchDir, sha256sum, writeTree } from "../support/archives.js";
import { type ChildServer, spawnServer } from "../support/child-server.js";
import { query } from "../support/graphql-client.js";
import { listStoredFiles } from "../support/kura.js";
import { startSlowUpload } from "../support/slow-upload.js";

const MAIN = fileURLToPath(new URL("../../dist/main.js", import.meta.url));

function getJson(url: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.once("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          body: JSON.parse(Buffer.concat(chunks).toString("utf8")),
        }),
      );
    }).once("error", reject);
  });
}

/**
 * A GET whose request line and first header are sent now and whose end comes with `finish`: the
 * connection is busy with a request, so a shutdown does not close it as idle.
 */
async function openRequest(url: string, path: string) {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await once(socket, "connect");
  socket.write(`GET ${path} HTTP/1.1\r\nhost: ${hostname}\r\n`);
  let raw = "";
  socket.on("data", (chunk: Buffer) => {
    raw += chunk.toString("latin1");
  });
  return {
    finish: async () => {
      socket.write("\r\n");
      await once(socket, "end");
      socket.destroy();
      const [head = "", body = ""] = raw.split("\r\n\r\n");
      const [statusLine = "", ...lines] = head.split("\r\n");
      const headers = Object.fromEntries(
        lines.map((l) => [
          l.slice(0, l.indexOf(":")).toLowerCase(),
          l.slice(l.indexOf(":") + 1).trim(),
        ]),
      );
      return { status: Number(statusLine.split(" ")[1]), headers, body };
    },
  };
}

describe("SIGTERM on the built server", () => {
  let archive: Buffer;
  let archivePath: string;
  const servers: ChildServer[] = [];
  const dirs: string[] = [];

  beforeAll(async () => {
    const fixtures = await scratchDir();
    dirs.push(fixtures);
    await writeTree(path.join(fixtures, "tree"), { "noise.bin": randomBytes(256 * 1024) });
    archivePath = path.join(fixtures, "slow.zip");
    run("zip", ["-q0r", archivePath, "."], path.join(fixtures, "tree"));
    archive = await readFile(archivePath);
  });

  afterEach(async () => {
    for (const server of servers.splice(0)) await server.kill();
  });

  async function start(dataDir: string, env: Record<string, string> = {}): Promise<ChildServer> {
    const server = await spawnServer({
      entry: MAIN,
      env: { KURA_DATA_DIR: dataDir, LOG_LEVEL: "info", ...env },
    });
    servers.push(server);
    return server;
  }

  it("fails readiness at once, refuses new connections, lets the upload finish, then exits 0", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "kura-shutdown-"));
    dirs.push(dataDir);
    const server = await start(dataDir);
    expect((await getJson(`${server.url}/readyz`)).status).toBe(200);

    const upload = startSlowUpload(server.url, "slow.zip", archive);
    await upload.send(Math.floor(archive.length / 3));
    // A probe already on its way: its connection is open, its request not yet complete.
    const probe = await openRequest(server.url, "/readyz");
    // Give the server time to start handling the upload before the signal arrives.
    await sleep(300);
    server.process.kill("SIGTERM");
    await sleep(300);

    // The probe that arrives now is answered, and readiness is already failing.
    const readyz = await probe.finish();
    expect(readyz.status).toBe(503);
    expect(readyz.headers.connection).toBe("close");
    expect(JSON.parse(readyz.body)).toEqual({ status: "unavailable", reason: "draining" });
    // A new connection finds no listener.
    await expect(getJson(`${server.url}/healthz`)).rejects.toMatchObject({
      code: "ECONNREFUSED",
    });
    expect(server.process.exitCode).toBeNull();

    await upload.trickle(16 * 1024, 20);
    const response = await upload.response;
    expect(response.status).toBe(200);
    expect(response.headers.connection).toBe("close");
    const uploaded = (response.json as { data: { uploadZip: { id: string; sha256: string } } }).data
      .uploadZip;
    expect(uploaded.sha256).toBe(sha256sum(archivePath));

    expect(await server.exited).toEqual({ code: 0, signal: null });
    // By the lines' own times: lines logged a few milliseconds apart have been seen to reach the
    // pipe out of order.
    const timeOf = (event: string) =>
      Date.parse(String(server.logs.find((line) => line.event === event)?.time));
    expect(timeOf("upload.accepted")).toBeLessThanOrEqual(timeOf("server.stopped"));

    // Recorded: a new process on the same data finds the row and the object.
    const again = await start(dataDir);
    const found = await query<{ upload: { id: string; size: number } | null }>(
      again.url,
      "query($id: ID!) { upload(id: $id) { id size } }",
      { id: uploaded.id },
    );
    expect(found.body.data?.upload).toEqual({ id: uploaded.id, size: archive.length });
    const stored = await listStoredFiles(path.join(dataDir, "objects"));
    expect(stored.filter((f) => f.includes(uploaded.id))).toHaveLength(1);
  });

  it("cuts a stalled upload when the grace period ends, exits 1 and records nothing", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "kura-shutdown-"));
    dirs.push(dataDir);
    const server = await start(dataDir, { KURA_SHUTDOWN_GRACE_SECONDS: "1" });

    const upload = startSlowUpload(server.url, "stalled.zip", archive);
    await upload.send(Math.floor(archive.length / 2));
    await sleep(300);
    const signalled = performance.now();
    server.process.kill("SIGTERM");

    expect(await server.exited).toEqual({ code: 1, signal: null });
    const waited = performance.now() - signalled;
    expect(waited).toBeGreaterThanOrEqual(900);
    await expect(upload.response).rejects.toThrow();

    // A cut upload is like a crash: no row, no object; its temporary file goes at the next start.
    const again = await start(dataDir);
    const count = await query<{ uploads: { totalCount: number } }>(
      again.url,
      "{ uploads { totalCount } }",
    );
    expect(count.body.data?.uploads.totalCount).toBe(0);
    expect(await listStoredFiles(path.join(dataDir, "objects"))).toEqual([]);
  });

  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });
});
