import path from "node:path";
import { describe, expect, it } from "vitest";
import { knativeProblems } from "../../src/knative-rules.js";
import { readManifests, render } from "../../src/kustomize.js";
import {
  find,
  kustomizations,
  manifestFiles,
  OVERLAYS,
  ROOT,
  renderOverlay,
} from "../../src/layout.js";
import { validateModel } from "../../src/models.js";
import { unknownFields } from "../../src/unknown-fields.js";

const files = manifestFiles();
const folders = kustomizations();

describe("manifests", () => {
  it("finds the manifests and every kustomization", () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
    expect(folders.map((f) => path.relative(ROOT, f)).sort()).toEqual([
      "base",
      "migrate",
      "overlays/aliyun",
      "overlays/knative",
      "overlays/kubernetes",
    ]);
  });

  it.each(files.map((f) => [path.relative(ROOT, f), f]))(
    "%s parses and validates against its API type",
    async (_name, file) => {
      const docs = readManifests(file);
      expect(docs.length).toBeGreaterThan(0);
      for (const doc of docs) {
        // A patch file is a fragment; it is validated once applied, in the rendered overlay.
        if (file.includes(`${path.sep}aliyun${path.sep}`)) continue;
        await validateModel(doc);
        expect(unknownFields(doc)).toEqual([]);
      }
    },
  );

  it.each(folders.map((f) => [path.relative(ROOT, f), f]))(
    "%s renders into valid objects with no unknown fields",
    async (_name, folder) => {
      const rendered = render(folder);
      expect(rendered.length).toBeGreaterThan(0);
      for (const manifest of rendered) {
        await validateModel(manifest);
        expect(unknownFields(manifest), `${manifest.kind}/${manifest.metadata.name}`).toEqual([]);
        if (manifest.kind !== "Namespace") expect(manifest.metadata.namespace).toBe("kura");
      }
    },
  );

  it.each(["knative", "aliyun"] as const)("the %s Service keeps Knative's rules", (overlay) => {
    const services = renderOverlay(overlay).filter(
      (m) => m.apiVersion === "serving.knative.dev/v1",
    );
    expect(services).toHaveLength(1);
    for (const service of services) expect(knativeProblems(service)).toEqual([]);
  });

  it("scales to zero by default, and keeps a reserved instance on Alibaba Cloud instead", () => {
    const annotations = (overlay: keyof typeof OVERLAYS) => {
      const service = find(renderOverlay(overlay), "Service", "serving.knative.dev/v1");
      return (service.spec as { template: { metadata: { annotations: Record<string, string> } } })
        .template.metadata.annotations;
    };

    const plain = annotations("knative");
    expect(plain["autoscaling.knative.dev/min-scale"]).toBe("0");
    expect(plain["knative.aliyun.com/reserve-instance"]).toBeUndefined();

    const aliyun = annotations("aliyun");
    expect(aliyun["knative.aliyun.com/reserve-instance"]).toBe("enable");
    expect(aliyun["knative.aliyun.com/reserve-instance-type"]).toBe("eci");
    expect(aliyun["knative.aliyun.com/reserve-instance-replicas"]).toBe("1");
    // Everything else is the plain Knative Service's.
    expect(aliyun).toMatchObject(plain);
  });

  it("points every workload at the released image, never the bare local name", () => {
    for (const overlay of ["knative", "aliyun", "kubernetes", "migrate"] as const) {
      for (const m of renderOverlay(overlay)) {
        const containers =
          (m.spec as { template?: { spec?: { containers?: { image: string }[] } } })?.template?.spec
            ?.containers ?? [];
        for (const c of containers)
          expect(c.image).toBe("registry.example.invalid/kura/kura-server:0.1.0");
      }
    }
  });

  it("keeps the Secret example free of anything but placeholders", () => {
    const [secret] = readManifests(path.join(ROOT, "secret.example.yaml"));
    expect(secret?.kind).toBe("Secret");
    const values = Object.values((secret?.stringData ?? {}) as Record<string, string>);
    expect(values.length).toBeGreaterThan(0);
    for (const value of values) expect(value).toMatch(/^<[a-z0-9-]+>$/);
    expect(secret?.data).toBeUndefined();
  });

  it("renders the overlays a second time to the same objects (the renderer keeps no state)", () => {
    expect(render(OVERLAYS.kubernetes)).toEqual(render(OVERLAYS.kubernetes));
  });
});
