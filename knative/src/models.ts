import { existsSync, realpathSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Manifest } from "./kustomize.js";

/** Where the kubernetes-models type of each kind these manifests use lives. */
const MODULES: Record<string, string> = {
  "serving.knative.dev/v1 Service": "@kubernetes-models/knative/serving.knative.dev/v1/Service",
  "v1 Service": "kubernetes-models/v1/Service",
  "v1 ConfigMap": "kubernetes-models/v1/ConfigMap",
  "v1 Secret": "kubernetes-models/v1/Secret",
  "v1 Namespace": "kubernetes-models/v1/Namespace",
  "apps/v1 Deployment": "kubernetes-models/apps/v1/Deployment",
  "batch/v1 Job": "kubernetes-models/batch/v1/Job",
};

export function modelModule(manifest: Manifest): string {
  const specifier = MODULES[`${manifest.apiVersion} ${manifest.kind}`];
  if (!specifier) throw new Error(`no model for ${manifest.apiVersion} ${manifest.kind}`);
  return specifier;
}

/** Validates against the Kubernetes or Knative API type; throws with the schema's message. */
export async function validateModel(manifest: Manifest): Promise<void> {
  const module = (await import(modelModule(manifest))) as Record<
    string,
    new (
      data: unknown,
    ) => { validate(): void }
  >;
  const Model = module[manifest.kind];
  if (!Model) throw new Error(`${modelModule(manifest)} has no ${manifest.kind}`);
  new Model(manifest).validate();
}

/** The `.d.ts` file that declares a module of kubernetes-models or @kubernetes-models/knative. */
export function declarationFile(specifier: string, from?: string): string {
  if (specifier.startsWith(".")) {
    return path.resolve(path.dirname(from ?? ""), specifier.replace(/\.js$/, ".d.ts"));
  }
  const parts = specifier.split("/");
  const name = specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? "");
  const sub = parts.slice(name.split("/").length).join("/");
  const root = packageRoot(name, from);
  return path.join(root, `${sub}.d.ts`);
}

function packageRoot(name: string, from: string | undefined): string {
  // Node's own lookup: the nearest node_modules/<name> above the importing file. (The packages
  // export neither `package.json` nor a CommonJS entry, so require.resolve cannot find them.)
  let dir = path.dirname(realpathSync(from ?? fileURLToPath(import.meta.url)));
  for (;;) {
    const candidate = path.join(dir, "node_modules", name);
    if (existsSync(path.join(candidate, "package.json"))) return candidate;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`cannot find the package ${name}`);
    dir = up;
  }
}
