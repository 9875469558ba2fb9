import { describe, expect, it } from "vitest";
import { knativeProblems } from "../../src/knative-rules.js";
import type { Manifest } from "../../src/kustomize.js";
import { find, renderOverlay } from "../../src/layout.js";
import { unknownFields } from "../../src/unknown-fields.js";

/** The rendered Knative Service, to be broken one way per test. */
function service(): Manifest {
  return structuredClone(find(renderOverlay("knative"), "Service", "serving.knative.dev/v1"));
}

type Template = {
  metadata: { annotations: Record<string, unknown> };
  spec: Record<string, unknown> & { containers: Record<string, unknown>[] };
};
const template = (m: Manifest) => (m.spec as { template: Template }).template;

describe("Knative's webhook rules, as checked here", () => {
  it("refuses an autoscaling annotation on the Service instead of its template", () => {
    const m = service();
    m.metadata.annotations = { "autoscaling.knative.dev/max-scale": "3" };
    expect(knativeProblems(m)).toEqual([
      "kura: autoscaling.knative.dev/max-scale belongs on spec.template.metadata, not the Service",
    ]);
  });

  it("refuses an annotation that YAML read as a number", () => {
    const m = service();
    template(m).metadata.annotations["autoscaling.knative.dev/max-scale"] = 10;
    expect(knativeProblems(m)).toEqual([
      "kura: annotation autoscaling.knative.dev/max-scale must be a string, not number",
    ]);
  });

  it("refuses a reserved variable, a probe on another port and a second port", () => {
    const m = service();
    const [container] = template(m).spec.containers;
    if (!container) throw new Error("no container");
    container.env = [{ name: "K_REVISION", value: "x" }];
    container.livenessProbe = { httpGet: { path: "/healthz", port: 9090 } };
    container.ports = [{ containerPort: 8080 }, { containerPort: 9090 }];
    expect(knativeProblems(m)).toEqual([
      "kura/kura: Knative allows one container port, not 2",
      "kura/kura: env K_REVISION is set by Knative",
      "kura/kura: livenessProbe port 9090 is not the container port",
    ]);
  });

  it("refuses a timeout above Knative's default maximum and a response start beyond it", () => {
    const m = service();
    template(m).spec.timeoutSeconds = 900;
    template(m).spec.responseStartTimeoutSeconds = 1000;
    expect(knativeProblems(m)).toEqual([
      "kura: timeoutSeconds 900 exceeds max-revision-timeout-seconds 600",
      "kura: responseStartTimeoutSeconds 1000 exceeds timeoutSeconds 900",
    ]);
  });

  it("refuses a scale range upside down and a target above the hard concurrency cap", () => {
    const m = service();
    template(m).metadata.annotations["autoscaling.knative.dev/min-scale"] = "20";
    template(m).metadata.annotations["autoscaling.knative.dev/target"] = "32";
    expect(knativeProblems(m)).toEqual([
      "kura: min-scale 20 is above max-scale 10",
      "kura: target 32 is above containerConcurrency 16",
    ]);
  });
});

describe("unknown fields", () => {
  it("finds a misspelled field deep inside a container and one on the revision spec", () => {
    const m = service();
    const spec = template(m).spec;
    spec.timeoutSecond = 600;
    const [container] = spec.containers;
    if (!container) throw new Error("no container");
    container.readinessProbe = { httpGet: { paht: "/readyz", port: 8080 } };
    container.envFrom = [{ configMapRefs: { name: "kura-config" } }];

    expect(unknownFields(m).sort()).toEqual([
      "/spec/template/spec/containers/0/envFrom/0/configMapRefs",
      "/spec/template/spec/containers/0/readinessProbe/httpGet/paht",
      "/spec/template/spec/timeoutSecond",
    ]);
  });
});
