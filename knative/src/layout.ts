import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Manifest, render } from "./kustomize.js";

/** The `knative/` folder. */
export const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** The variants an operator applies, by folder. */
export const OVERLAYS = {
  knative: path.join(ROOT, "overlays/knative"),
  aliyun: path.join(ROOT, "overlays/aliyun"),
  kubernetes: path.join(ROOT, "overlays/kubernetes"),
  migrate: path.join(ROOT, "migrate"),
} as const;

export const SECRET_EXAMPLE = path.join(ROOT, "secret.example.yaml");

/** Every folder with a kustomization.yaml. */
export function kustomizations(dir = ROOT): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === "node_modules" || entry.startsWith(".")) continue;
    const full = path.join(dir, entry);
    if (!statSync(full).isDirectory()) continue;
    if (readdirSync(full).includes("kustomization.yaml")) found.push(full);
    found.push(...kustomizations(full));
  }
  return found;
}

/** Every manifest file: YAML files that are not kustomizations and not this package's tooling. */
export function manifestFiles(dir = ROOT): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === "node_modules" || entry.startsWith(".")) continue;
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) found.push(...manifestFiles(full));
    else if (/\.ya?ml$/.test(entry) && entry !== "kustomization.yaml") found.push(full);
  }
  return found;
}

export function find(manifests: Manifest[], kind: string, apiVersion?: string): Manifest {
  const found = manifests.find(
    (m) => m.kind === kind && (!apiVersion || m.apiVersion === apiVersion),
  );
  if (!found) throw new Error(`no ${apiVersion ?? ""} ${kind} rendered`);
  return found;
}

export function renderOverlay(name: keyof typeof OVERLAYS): Manifest[] {
  return render(OVERLAYS[name]);
}
