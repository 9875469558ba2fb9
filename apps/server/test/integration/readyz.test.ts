import { rm, writeFile } from "node:fs/promises";
import { connect, createServer, type Server, type Socket } from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { MYSQL, startTestKura, type TestKura } from "../support/kura.js";

async function readyz(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}/readyz`);
  return { status: response.status, body: await response.json() };
}

/** The 503 `/readyz` gives when a dependency does not answer. */
function unavailable(checks: Record<string, "ok" | "failed">) {
  return { status: 503, body: { status: "unavailable", reason: "dependency", checks } };
}

/** A TCP relay to the machine's MariaDB that the test can cut, as a network fault would. */
async function startRelay(): Promise<{ port: number; cut(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(MYSQL.port, MYSQL.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.once("close", () => sockets.delete(s));
      s.on("error", () => {});
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    cut: async () => {
      const closed = new Promise((resolve) => server.close(resolve));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}

describe("/readyz", () => {
  const running: TestKura[] = [];
  afterEach(async () => {
    for (const kura of running.splice(0)) await kura.stop();
  });

  it.each(["sqlite", "mysql"] as const)(
    "answers 200 when %s and the folder answer",
    async (kind) => {
      const kura = await startTestKura(kind);
      running.push(kura);

      expect(await readyz(kura.url)).toEqual({
        status: 200,
        body: { status: "ready", checks: { database: "ok", storage: "ok" } },
      });
    },
  );

  it("answers 503 naming the storage when the object folder cannot take writes", async () => {
    const kura = await startTestKura("sqlite");
    running.push(kura);
    // Root ignores permission bits, so the folder for new objects is replaced by a plain file.
    const incoming = path.join(kura.storageDir, ".incoming");
    await rm(incoming, { recursive: true });
    await writeFile(incoming, "");

    expect(await readyz(kura.url)).toEqual(unavailable({ database: "ok", storage: "failed" }));
  });

  it("answers 503 naming the database when MySQL stops answering", async () => {
    const relay = await startRelay();
    const kura = await startTestKura("mysql", { MYSQL_PORT: String(relay.port) });
    running.push(kura);
    expect((await readyz(kura.url)).status).toBe(200);

    await relay.cut();

    expect(await readyz(kura.url)).toEqual(unavailable({ database: "failed", storage: "ok" }));
  });
});
