import { readFileSync } from "node:fs";
import type { Manifest } from "./kustomize.js";
import { declarationFile, modelModule } from "./models.js";

interface Shape {
  /** Property name -> its declared type, as written in the `.d.ts`. */
  props: Map<string, string>;
  /** Interface name -> the file that declares it. */
  imports: Map<string, string>;
  file: string;
}

const shapes = new Map<string, Shape | null>();

/**
 * Reads the first interface a kubernetes-models `.d.ts` declares, with the interfaces it extends.
 * The generated files are regular enough that a few patterns read them; what they do not
 * describe (maps, quantities, free-form objects) is simply not checked below it.
 */
function shapeOf(file: string): Shape | null {
  const cached = shapes.get(file);
  if (cached !== undefined) return cached;

  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    shapes.set(file, null);
    return null;
  }
  const imports = new Map<string, string>();
  for (const m of text.matchAll(/import \{ (\w+) \} from "([^"]+)";/g)) {
    if (m[1] && m[2]) imports.set(m[1], declarationFile(m[2], file));
  }
  const head = /export interface (\w+)(?: extends ([\w, ]+))? \{/.exec(text);
  if (!head) {
    shapes.set(file, null);
    return null;
  }
  const body = text.slice(head.index + head[0].length, text.indexOf("\n}", head.index));
  const props = new Map<string, string>();
  for (const m of body.matchAll(/^ {4}"([^"]+)"\??: (.*)$/gm)) {
    if (m[1] && m[2]) props.set(m[1], m[2]);
  }
  for (const base of (head[2] ?? "").split(",").map((s) => s.trim())) {
    const baseFile = imports.get(base);
    const baseShape = baseFile ? shapeOf(baseFile) : null;
    for (const [k, v] of baseShape?.props ?? []) props.set(k, v);
    for (const [k, v] of baseShape?.imports ?? []) imports.set(k, v);
  }
  const shape = { props, imports, file };
  shapes.set(file, shape);
  return shape;
}

/** Field paths in the manifest that its API type does not declare (typos, misplaced fields). */
export function unknownFields(manifest: Manifest): string[] {
  const shape = shapeOf(declarationFile(modelModule(manifest)));
  if (!shape) throw new Error(`cannot read the type of ${manifest.kind}`);
  const found: string[] = [];
  walk(manifest, shape, "", found);
  return found;
}

function walk(value: unknown, shape: Shape, at: string, found: string[]): void {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return;

  for (const [key, child] of Object.entries(value)) {
    const type = shape.props.get(key);
    if (type === undefined) {
      found.push(`${at}/${key}`);
      continue;
    }
    const ref = /^(?:Array<)?(I\w+)>?;$/.exec(type)?.[1];
    const refFile = ref ? shape.imports.get(ref) : undefined;
    const refShape = refFile ? shapeOf(refFile) : null;
    if (!refShape) continue;
    const items = Array.isArray(child) ? child : [child];
    items.forEach((item, i) => {
      walk(item, refShape, Array.isArray(child) ? `${at}/${key}/${i}` : `${at}/${key}`, found);
    });
  }
}
