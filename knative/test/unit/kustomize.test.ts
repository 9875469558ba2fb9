import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { containersOf, render } from "../../src/kustomize.js";

const dirs: string[] = [];
async function tree(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), "kura-kustomize-"));
  dirs.push(root);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), text);
  }
  return root;
}
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

const CONFIG = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  A: '1'\n  B: '2'\n";
const JOB = `apiVersion: batch/v1
kind: Job
metadata:
  name: j
spec:
  template:
    spec:
      containers:
        - name: x
          image: app
`;

describe("the kustomize renderer", () => {
  it("applies namespace, labels and images to resources gathered from folders", async () => {
    const root = await tree({
      "base/kustomization.yaml": "resources: [c.yaml]\n",
      "base/c.yaml": CONFIG,
      "top/kustomization.yaml":
        "namespace: n\nlabels:\n  - pairs: {team: t}\nresources: [../base, j.yaml]\nimages:\n  - {name: app, newName: reg.invalid/app, newTag: '2'}\n",
      "top/j.yaml": JOB,
    });

    const [config, job] = render(path.join(root, "top"));

    expect(config?.metadata).toEqual({ name: "c", namespace: "n", labels: { team: "t" } });
    expect(job?.metadata.namespace).toBe("n");
    expect(job && containersOf(job)[0]?.image).toBe("reg.invalid/app:2");
  });

  it("applies a merge patch (null removes) and an operation patch to their targets only", async () => {
    const root = await tree({
      "kustomization.yaml": `resources: [c.yaml, j.yaml]
patches:
  - patch: |-
      kind: ConfigMap
      metadata: {name: c}
      data: {A: null, C: '3'}
  - target: {kind: Job, name: j}
    patch: |-
      - op: add
        path: /spec/template/spec/containers/0/args
        value: [migrate]
`,
      "c.yaml": CONFIG,
      "j.yaml": JOB,
    });

    const [config, job] = render(root);

    expect(config?.data).toEqual({ B: "2", C: "3" });
    expect(job && containersOf(job)[0]?.args).toEqual(["migrate"]);
  });

  it("refuses what it does not implement instead of ignoring it", async () => {
    const generator = await tree({ "kustomization.yaml": "configMapGenerator: []\n" });
    expect(() => render(generator)).toThrow(/unsupported kustomization field configMapGenerator/);

    const listPatch = await tree({
      "kustomization.yaml": "resources: [j.yaml]\npatches:\n  - path: p.yaml\n",
      "j.yaml": JOB,
      "p.yaml":
        "kind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      containers: []\n",
    });
    expect(() => render(listPatch)).toThrow(/a list in a merge patch/);

    const twice = await tree({
      "kustomization.yaml": "resources: [c.yaml, d.yaml]\n",
      "c.yaml": CONFIG,
      "d.yaml": CONFIG,
    });
    expect(() => render(twice)).toThrow(/appears twice/);
  });
});
