import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { inspect } from "./support/inspect.js";
import { hasCommand, python, sh, unzipCount } from "./support/tools.js";

// The JDK's source archive: 15,224 entries, every one deflated behind a data descriptor.
function findSrcZip(): string | null {
  const known = "/usr/lib/jvm/temurin-25-jdk-amd64/lib/src.zip";
  if (existsSync(known)) return known;

  if (!hasCommand("java")) return null;

  // java sits in <jvm folder>/<jdk>/bin; any sibling JDK may carry the sources.
  const java = sh('readlink -f "$(command -v java)"', ".").toString().trim();
  const jvms = dirname(dirname(dirname(java)));
  for (const jdk of existsSync(jvms) ? readdirSync(jvms) : []) {
    const candidate = join(jvms, jdk, "lib/src.zip");
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

function findWheels(): string[] {
  if (!hasCommand("python3")) return [];

  const script =
    "import ensurepip, pathlib; print(*pathlib.Path(ensurepip.__file__).parent.glob('_bundled/*.whl'))";
  return python(script, ".").toString().trim().split(/\s+/).filter(Boolean);
}

const srcZip = findSrcZip();
const wheels = findWheels();
if (srcZip === null) console.warn("SKIPPED: no JDK src.zip found on this machine.");
if (wheels.length === 0) console.warn("SKIPPED: no pip bundled wheels found on this machine.");

describe("real archives on this machine", () => {
  it.skipIf(srcZip === null)("inspects the JDK's src.zip in both modes", async () => {
    const file = srcZip as string;
    const bytes = readFileSync(file);
    const count = unzipCount(file);
    const full = await inspect(bytes);
    expect(full.entryCount).toBe(count);
    expect(full.verified).toBe(true);
    const structure = await inspect(bytes, 64 * 1024, { verify: "structure" });
    expect(structure.entryCount).toBe(count);
    expect(structure.uncompressedSize).toBe(full.uncompressedSize);
    expect(structure.verified).toBe(false);
  });

  it.skipIf(wheels.length === 0)(
    "inspects pip's bundled wheels in 64 KiB and 7-byte chunks",
    async () => {
      for (const wheel of wheels) {
        const bytes = readFileSync(wheel);
        for (const chunk of [64 * 1024, 7]) {
          const summary = await inspect(bytes, chunk);
          expect([wheel, chunk, summary.entryCount]).toEqual([wheel, chunk, unzipCount(wheel)]);
          expect(summary.verified).toBe(true);
        }
      }
    },
  );
});
