import type { Manifest } from "./kustomize.js";

/** Knative's default `max-revision-timeout-seconds` (config-defaults); raising it is cluster-wide. */
export const MAX_REVISION_TIMEOUT_SECONDS = 600;

/** Variables Knative sets itself; a container that sets them is refused by the webhook. */
export const RESERVED_ENV = ["PORT", "K_SERVICE", "K_CONFIGURATION", "K_REVISION"];

const AUTOSCALING = "autoscaling.knative.dev/";

interface RevisionTemplate {
  metadata?: { annotations?: Record<string, unknown> };
  spec?: {
    containerConcurrency?: number;
    timeoutSeconds?: number;
    responseStartTimeoutSeconds?: number;
    idleTimeoutSeconds?: number;
    containers?: ContainerLike[];
  };
}

interface ContainerLike {
  name?: string;
  ports?: { containerPort?: number; name?: string }[];
  env?: { name: string }[];
  readinessProbe?: ProbeLike;
  livenessProbe?: ProbeLike;
  startupProbe?: ProbeLike;
}

interface ProbeLike {
  httpGet?: { path?: string; port?: number | string };
  tcpSocket?: { port?: number | string };
  grpc?: { port?: number };
}

/**
 * The checks Knative's admission webhook makes (and a few it makes at run time) that the
 * OpenAPI types cannot express. Returns one line per problem; none for a sound Service.
 */
export function knativeProblems(service: Manifest): string[] {
  const problems: string[] = [];
  const name = service.metadata.name;
  const template = (service.spec as { template?: RevisionTemplate } | undefined)?.template;
  if (!template?.spec) return [`${name}: no revision template`];

  for (const key of Object.keys(service.metadata.annotations ?? {})) {
    if (key.startsWith(AUTOSCALING)) {
      problems.push(`${name}: ${key} belongs on spec.template.metadata, not the Service`);
    }
  }

  const annotations = template.metadata?.annotations ?? {};
  for (const [key, value] of Object.entries(annotations)) {
    if (typeof value !== "string") {
      problems.push(`${name}: annotation ${key} must be a string, not ${typeof value}`);
    }
  }
  const minScale = Number(annotations[`${AUTOSCALING}min-scale`] ?? 0);
  const maxScale = Number(annotations[`${AUTOSCALING}max-scale`] ?? 0);
  if (maxScale > 0 && minScale > maxScale) {
    problems.push(`${name}: min-scale ${minScale} is above max-scale ${maxScale}`);
  }
  const target = Number(annotations[`${AUTOSCALING}target`] ?? 0);
  const concurrency = template.spec.containerConcurrency ?? 0;
  if (concurrency > 0 && target > concurrency) {
    problems.push(`${name}: target ${target} is above containerConcurrency ${concurrency}`);
  }

  const { timeoutSeconds = 300, responseStartTimeoutSeconds, idleTimeoutSeconds } = template.spec;
  if (timeoutSeconds > MAX_REVISION_TIMEOUT_SECONDS) {
    problems.push(
      `${name}: timeoutSeconds ${timeoutSeconds} exceeds max-revision-timeout-seconds ${MAX_REVISION_TIMEOUT_SECONDS}`,
    );
  }
  for (const [field, value] of Object.entries({
    responseStartTimeoutSeconds,
    idleTimeoutSeconds,
  })) {
    if (value !== undefined && value > timeoutSeconds) {
      problems.push(`${name}: ${field} ${value} exceeds timeoutSeconds ${timeoutSeconds}`);
    }
  }

  const containers = template.spec.containers ?? [];
  if (containers.length !== 1)
    problems.push(`${name}: expected one container, not ${containers.length}`);
  for (const container of containers) problems.push(...containerProblems(name, container));
  return problems;
}

function containerProblems(service: string, container: ContainerLike): string[] {
  const problems: string[] = [];
  const at = `${service}/${container.name ?? "?"}`;

  const ports = container.ports ?? [];
  if (ports.length > 1)
    problems.push(`${at}: Knative allows one container port, not ${ports.length}`);
  const port = ports[0];
  if (port?.name !== undefined && !["http1", "h2c"].includes(port.name)) {
    problems.push(`${at}: port name ${port.name} must be http1 or h2c`);
  }

  for (const env of container.env ?? []) {
    if (RESERVED_ENV.includes(env.name)) problems.push(`${at}: env ${env.name} is set by Knative`);
  }

  const probes = {
    readinessProbe: container.readinessProbe,
    livenessProbe: container.livenessProbe,
    startupProbe: container.startupProbe,
  };
  for (const [kind, probe] of Object.entries(probes)) {
    if (!probe) continue;
    const probePort = probe.httpGet?.port ?? probe.tcpSocket?.port ?? probe.grpc?.port;
    if (probePort !== undefined && probePort !== (port?.containerPort ?? 8080)) {
      problems.push(`${at}: ${kind} port ${probePort} is not the container port`);
    }
  }
  return problems;
}
