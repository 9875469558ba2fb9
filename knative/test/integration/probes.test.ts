import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Kura, startKura } from "@kura/server/dist/app.js";
import { loadConfig } from "@kura/server/dist/config/env.js";
import { createLogger } from "@kura/server/dist/log/logger.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { containersOf, type Manifest } from "../../src/kustomize.js";
import { find, renderOverlay } from "../../src/layout.js";

interface Probe {
  httpGet: { path: string };
}

function probesOf(m: Manifest): [string, Probe][] {
  const [container] = containersOf(m) as { readinessProbe?: Probe; livenessProbe?: Probe }[];
  return Object.entries({
    readiness: container?.readinessProbe,
    liveness: container?.livenessProbe,
  }).filter((e): e is [string, Probe] => e[1] !== undefined);
}

describe("the manifests' probes on a running server", () => {
  const knative = renderOverlay("knative");
  const plain = renderOverlay("kubernetes");
  const settings = find(knative, "ConfigMap").data as Record<string, string>;
  let kura: Kura;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "kura-probes-"));
    // The manifests' own settings, on the embedded database and the local folder instead of the
    // cluster's MySQL and OSS: nothing here may reach out to those hosts.
    const local = Object.fromEntries(
      Object.entries(settings).filter(([k]) => !k.startsWith("MYSQL_") && !k.startsWith("OSS_")),
    );
    const config = loadConfig({
      ...local,
      KURA_DATA_DIR: dataDir,
      KURA_MIGRATE_ON_START: "true",
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "silent",
    });
    kura = await startKura(config, createLogger({ level: "silent" }));
  });

  afterAll(async () => {
    await kura?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const workloads = [
    ["Knative Service", find(knative, "Service", "serving.knative.dev/v1")],
    ["Deployment", find(plain, "Deployment")],
  ] as const;

  it.each(workloads)("answers 200 on every probe of the %s", async (_kind, workload) => {
    const probes = probesOf(workload);
    expect(probes.map(([kind]) => kind)).toEqual(["readiness", "liveness"]);

    for (const [kind, probe] of probes) {
      const response = await fetch(`${kura.url}${probe.httpGet.path}`);
      expect(response.status, `${kind} ${probe.httpGet.path}`).toBe(200);
    }
  });

  it("runs with Node timeouts no shorter than the Knative revision's", () => {
    const revision = (
      find(knative, "Service", "serving.knative.dev/v1").spec as {
        template: { spec: { timeoutSeconds: number } };
      }
    ).template.spec;

    expect(kura.server.requestTimeout).toBeGreaterThanOrEqual(revision.timeoutSeconds * 1000);
    expect(kura.server.headersTimeout).toBeGreaterThanOrEqual(revision.timeoutSeconds * 1000);
  });
});
