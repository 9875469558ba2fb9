import { readFileSync } from "node:fs";
import path from "node:path";
import { ENV_NAMES, loadConfig } from "@kura/server/dist/config/env.js";
import { httpTimeouts } from "@kura/server/dist/http/timeouts.js";
import { describe, expect, it } from "vitest";
import { RESERVED_ENV } from "../../src/knative-rules.js";
import { containersOf, type Manifest, readManifests } from "../../src/kustomize.js";
import { find, OVERLAYS, renderOverlay, SECRET_EXAMPLE } from "../../src/layout.js";
import { MYSQL_MAX_CONNECTIONS, SLOWEST_CLIENT_BYTES_PER_SECOND } from "../../src/sizing.js";

interface Container {
  env?: { name: string }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  readinessProbe?: { httpGet: { path: string } };
  livenessProbe?: { httpGet: { path: string } };
  lifecycle?: { preStop?: { exec?: { command: string[] } } };
  command?: string[];
  [key: string]: unknown;
}

const secret = readManifests(SECRET_EXAMPLE)[0] as Manifest;
const secretData = secret.stringData as Record<string, string>;

/** Every variable a container gets, with the ConfigMap and Secret it draws from expanded. */
function envOf(manifests: Manifest[], container: Container): Record<string, string> {
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) {
      const map = manifests.find(
        (m) => m.kind === "ConfigMap" && m.metadata.name === source.configMapRef?.name,
      );
      if (!map) throw new Error(`ConfigMap ${source.configMapRef.name} is not rendered`);
      Object.assign(env, map.data);
    }
    if (source.secretRef) {
      expect(source.secretRef.name).toBe(secret.metadata.name);
      Object.assign(env, secretData);
    }
  }
  for (const e of container.env ?? []) env[e.name] = "(set)";
  return env;
}

function onlyContainer(m: Manifest): Container {
  const [container, ...rest] = containersOf(m) as Container[];
  if (!container || rest.length > 0) throw new Error(`${m.kind} must have one container`);
  return container;
}

const knative = renderOverlay("knative");
const kService = find(knative, "Service", "serving.knative.dev/v1");
const revision = (
  kService.spec as {
    template: { metadata: { annotations: Record<string, string> }; spec: Record<string, number> };
  }
).template;
const plain = renderOverlay("kubernetes");
const deployment = find(plain, "Deployment");
const config = loadConfig(envOf(knative, onlyContainer(kService)));

describe("manifests against the server", () => {
  it.each(Object.keys(OVERLAYS) as (keyof typeof OVERLAYS)[])(
    "%s: every variable is one the server reads, none is Knative's, and the server accepts them",
    (overlay) => {
      const manifests = renderOverlay(overlay);
      const workloads = manifests.filter((m) => containersOf(m).length > 0);
      expect(workloads.length, overlay).toBeGreaterThan(0);

      for (const workload of workloads) {
        const env = envOf(manifests, onlyContainer(workload));
        for (const name of Object.keys(env)) {
          expect(ENV_NAMES, `${overlay}: ${name}`).toContain(name);
          expect(RESERVED_ENV).not.toContain(name);
        }
        expect(() => loadConfig(env)).not.toThrow();
      }
    },
  );

  it("gives Knative the server's own request timeout, sized for the largest upload", () => {
    const { timeoutSeconds, responseStartTimeoutSeconds, idleTimeoutSeconds } = revision.spec;

    expect(timeoutSeconds).toBe(config.requestTimeoutSeconds);
    expect(responseStartTimeoutSeconds).toBe(config.requestTimeoutSeconds);
    expect(idleTimeoutSeconds).toBe(config.requestTimeoutSeconds);
    // Node never cuts a request Knative still allows.
    const timeouts = httpTimeouts(config.requestTimeoutSeconds);
    expect(timeouts.requestTimeoutMs).toBeGreaterThanOrEqual((timeoutSeconds ?? 0) * 1000);
    expect(timeouts.headersTimeoutMs).toBeGreaterThanOrEqual((timeoutSeconds ?? 0) * 1000);
    // The largest upload fits at the slowest client speed the deployment promises.
    expect(config.maxUploadBytes / SLOWEST_CLIENT_BYTES_PER_SECOND).toBeLessThanOrEqual(
      timeoutSeconds ?? 0,
    );
  });

  it("lets the server finish draining inside the pod's termination grace period", () => {
    // Knative sets terminationGracePeriodSeconds to the revision's timeoutSeconds.
    expect(config.shutdownGraceSeconds).toBeLessThanOrEqual(revision.spec.timeoutSeconds ?? 0);

    const pod = (
      deployment.spec as { template: { spec: { terminationGracePeriodSeconds: number } } }
    ).template.spec;
    const preStop = onlyContainer(deployment).lifecycle?.preStop?.exec?.command ?? [];
    expect(preStop[0]).toBe("sleep");
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(
      Number(preStop[1]) + config.shutdownGraceSeconds,
    );
  });

  it("keeps every pod's database pool, at max-scale, under MySQL's max_connections", () => {
    if (config.database.kind !== "mysql") throw new Error("the manifests configure MySQL");
    const maxScale = Number(revision.metadata.annotations["autoscaling.knative.dev/max-scale"]);
    const replicas = (deployment.spec as { replicas: number }).replicas;

    // The migration Job holds connections of its own while it runs.
    const job = config.database.poolSize;
    expect(config.database.poolSize * maxScale + job).toBeLessThan(MYSQL_MAX_CONNECTIONS);
    expect(config.database.poolSize * (replicas + 1) + job).toBeLessThan(MYSQL_MAX_CONNECTIONS);
  });

  it("runs the same container on Knative and on plain Kubernetes", () => {
    const a = onlyContainer(kService);
    const b = onlyContainer(deployment);

    for (const field of ["image", "envFrom", "resources", "securityContext"]) {
      expect(b[field], field).toEqual(a[field]);
    }
    expect(b.readinessProbe?.httpGet.path).toBe(a.readinessProbe?.httpGet.path);
    expect(b.livenessProbe?.httpGet.path).toBe(a.livenessProbe?.httpGet.path);
    expect(a.readinessProbe?.httpGet.path).toBe("/readyz");
    expect(a.livenessProbe?.httpGet.path).toBe("/healthz");
    // The port Knative sends traffic to is the one the server listens on when PORT is unset.
    const ports = a.ports as { containerPort: number }[];
    expect(ports[0]?.containerPort).toBe(loadConfig({}).port);
  });

  it("runs the migrations with the bundle's own migrate entry point", () => {
    const job = find(renderOverlay("migrate"), "Job");
    const bundle = JSON.parse(
      readFileSync(path.resolve(OVERLAYS.migrate, "../../apps/server-bundle/package.json"), "utf8"),
    ) as { scripts: Record<string, string> };

    expect(onlyContainer(job).command?.join(" ")).toBe(bundle.scripts.migrate);
  });
});
