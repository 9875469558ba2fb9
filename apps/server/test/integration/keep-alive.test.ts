import { Agent, get } from "node:http";
import type { Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestKura, type TestKura } from "../support/kura.js";

/** Knative's proxies keep an idle connection for reuse; 6 s is past Node's default of 5 s. */
const PROXY_IDLE_MS = 6_000;

function getOn(
  agent: Agent,
  url: string,
): Promise<{ status: number; socket: Socket; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const req = get(url, { agent }, (res) => {
      res.resume();
      res.once("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          socket: req.socket as Socket,
          reused: req.reusedSocket,
        }),
      );
    });
    req.once("error", reject);
  });
}

describe("HTTP connections behind a reusing proxy", () => {
  let kura: TestKura;

  beforeAll(async () => {
    kura = await startTestKura("sqlite");
  });

  afterAll(async () => {
    await kura?.stop();
  });

  it("keeps an idle connection open longer than the proxy waits before reusing it", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await getOn(agent, `${kura.url}/healthz`);
      expect(first.status).toBe(200);

      await sleep(PROXY_IDLE_MS);

      const second = await getOn(agent, `${kura.url}/readyz`);
      expect(second.status).toBe(200);
      expect(second.reused).toBe(true);
      expect(second.socket).toBe(first.socket);
    } finally {
      agent.destroy();
    }
  });

  it("sets Node's request and header timeouts from the request timeout, not Node's defaults", () => {
    expect(kura.server.requestTimeout).toBe(600_000);
    expect(kura.server.headersTimeout).toBe(600_000);
    expect(kura.server.keepAliveTimeout).toBeGreaterThan(90_000);
  });
});
