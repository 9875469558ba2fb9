import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";

/** One Kubernetes object as YAML gives it. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

interface Kustomization {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  resources?: string[];
  patches?: { path?: string; patch?: string; target?: { kind?: string; name?: string } }[];
  labels?: {
    pairs: Record<string, string>;
    includeSelectors?: boolean;
    includeTemplates?: boolean;
  }[];
  images?: { name: string; newName?: string; newTag?: string }[];
}

/** The fields this renderer implements; anything else in a kustomization is refused, not ignored. */
const SUPPORTED = new Set([
  "apiVersion",
  "kind",
  "namespace",
  "resources",
  "patches",
  "labels",
  "images",
]);

/** Reads every YAML document in a file, skipping empty ones. */
export function readManifests(file: string): Manifest[] {
  const docs = parseAllDocuments(readFileSync(file, "utf8"));
  return docs
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]?.message}`);
      return doc.toJS() as Manifest | null;
    })
    .filter((doc): doc is Manifest => doc !== null);
}

/**
 * Renders a kustomization folder the way `kubectl kustomize` does, for the subset of Kustomize
 * these manifests use: resources (files and folders), patches (JSON merge patches, or RFC 6902
 * operation lists with a target), namespace, labels (metadata only) and images.
 */
export function render(dir: string): Manifest[] {
  const file = path.join(dir, "kustomization.yaml");
  const k = readManifests(file)[0] as unknown as Kustomization;
  for (const key of Object.keys(k)) {
    if (!SUPPORTED.has(key)) throw new Error(`${file}: unsupported kustomization field ${key}`);
  }

  let out: Manifest[] = [];
  for (const resource of k.resources ?? []) {
    const target = path.join(dir, resource);
    out.push(...(statSync(target).isDirectory() ? render(target) : readManifests(target)));
  }

  for (const patch of k.patches ?? []) {
    const text = patch.path ? readFileSync(path.join(dir, patch.path), "utf8") : patch.patch;
    if (text === undefined) throw new Error(`${file}: a patch needs path or patch`);
    out = out.map((m) => applyPatch(m, parseAllDocuments(text)[0]?.toJS(), patch.target, file));
  }

  for (const m of out) {
    if (k.namespace && m.kind !== "Namespace") m.metadata.namespace = k.namespace;
    for (const label of k.labels ?? []) {
      if (label.includeSelectors || label.includeTemplates) {
        throw new Error(`${file}: labels reach only metadata here (no selectors or templates)`);
      }
      m.metadata.labels = { ...(m.metadata.labels as object | undefined), ...label.pairs };
    }
    for (const image of k.images ?? []) setImage(m, image);
  }

  const seen = new Set<string>();
  for (const m of out) {
    const id = `${m.apiVersion}/${m.kind}/${m.metadata.namespace ?? ""}/${m.metadata.name}`;
    if (seen.has(id)) throw new Error(`${file}: ${id} appears twice`);
    seen.add(id);
  }
  return out;
}

function applyPatch(
  manifest: Manifest,
  patch: unknown,
  target: { kind?: string; name?: string } | undefined,
  file: string,
): Manifest {
  if (Array.isArray(patch)) {
    if (!target?.kind || !target.name)
      throw new Error(`${file}: an operation patch needs a target`);
    if (manifest.kind !== target.kind || manifest.metadata.name !== target.name) return manifest;
    return patch.reduce((m, op) => applyOperation(m, op, file), structuredClone(manifest));
  }

  const p = patch as Manifest;
  const kind = target?.kind ?? p.kind;
  const name = target?.name ?? p.metadata?.name;
  if (manifest.kind !== kind || manifest.metadata.name !== name) return manifest;
  return mergePatch(manifest, patch, file, "") as Manifest;
}

/**
 * RFC 7386, which is what Kustomize applies to kinds it has no schema for (Knative's). For built-in
 * kinds it would merge lists by key instead, so a list in a merge patch is refused here: the two
 * would disagree.
 */
function mergePatch(target: unknown, patch: unknown, file: string, at: string): unknown {
  if (Array.isArray(patch))
    throw new Error(`${file}: a list in a merge patch (${at}); use an operation patch`);
  if (patch === null || typeof patch !== "object") return patch;

  const base =
    target !== null && typeof target === "object" && !Array.isArray(target) ? target : {};
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value, file, `${at}/${key}`);
  }
  return out;
}

interface Operation {
  op: "add" | "replace" | "remove";
  path: string;
  value?: unknown;
}

function applyOperation(manifest: Manifest, op: Operation, file: string): Manifest {
  const keys = op.path
    .split("/")
    .slice(1)
    .map((k) => k.replaceAll("~1", "/").replaceAll("~0", "~"));
  const last = keys.pop();
  if (last === undefined) throw new Error(`${file}: empty patch path`);

  let parent: unknown = manifest;
  for (const key of keys) {
    parent = (parent as Record<string, unknown>)?.[key];
    if (parent === undefined) throw new Error(`${file}: ${op.path} does not exist`);
  }
  if (Array.isArray(parent)) {
    const index = last === "-" ? parent.length : Number(last);
    if (op.op === "add") parent.splice(index, 0, op.value);
    else if (op.op === "replace") parent[index] = op.value;
    else parent.splice(index, 1);
    return manifest;
  }

  const object = parent as Record<string, unknown>;
  if (op.op !== "add" && !(last in object)) throw new Error(`${file}: ${op.path} does not exist`);
  if (op.op === "remove") delete object[last];
  else object[last] = op.value;
  return manifest;
}

function setImage(manifest: Manifest, image: { name: string; newName?: string; newTag?: string }) {
  for (const container of containersOf(manifest)) {
    const current = String(container.image ?? "");
    const [name, tag] = current.split(":");
    if (name !== image.name) continue;
    const newTag = image.newTag ?? tag;
    container.image = `${image.newName ?? name}${newTag ? `:${newTag}` : ""}`;
  }
}

/** The containers of a workload (Knative Service, Deployment, Job), or none. */
export function containersOf(manifest: Manifest): Record<string, unknown>[] {
  const spec = manifest.spec as { template?: { spec?: { containers?: unknown[] } } } | undefined;
  return (spec?.template?.spec?.containers ?? []) as Record<string, unknown>[];
}
