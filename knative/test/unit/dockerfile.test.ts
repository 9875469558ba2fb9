import { readFileSync } from "node:fs";
import path from "node:path";
import { DockerfileParser, type Instruction, type JSONInstruction } from "dockerfile-ast";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../src/layout.js";

const REPO = path.resolve(ROOT, "..");
const dockerfile = DockerfileParser.parse(readFileSync(path.join(REPO, "Dockerfile"), "utf8"));

interface Stage {
  name: string | null;
  image: string | null;
  instructions: Instruction[];
}

/** The Dockerfile's stages, each with the instructions that follow its FROM. */
function stages(): Stage[] {
  const out: Stage[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction.getKeyword() === "FROM") {
      const from = dockerfile
        .getFROMs()
        .find((f) => f.getRange().start.line === instruction.getRange().start.line);
      out.push({
        name: from?.getBuildStage() ?? null,
        image: from?.getImage() ?? null,
        instructions: [],
      });
    } else {
      out.at(-1)?.instructions.push(instruction);
    }
  }
  return out;
}

const of = (stage: Stage | undefined, keyword: string) =>
  (stage?.instructions ?? []).filter((i) => i.getKeyword() === keyword);
const args = (i: Instruction) => i.getArguments().map((a) => a.getValue());

describe("Dockerfile", () => {
  const [build, runtime, ...extra] = stages();

  it("has a build stage and a runtime stage on the same Node 20 base", () => {
    expect(extra).toEqual([]);
    expect(build?.name).toBe("build");
    expect(runtime?.name).toBe("runtime");
    expect(build?.image).toMatch(/^node:20[.\w-]*-bookworm-slim$/);
    // libsql's native binding is picked for the build stage's libc; the runtime must share it.
    expect(runtime?.image).toBe(build?.image);
  });

  it("builds with the workspace's own pnpm and the production build script", () => {
    const rootPackage = JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")) as {
      packageManager: string;
    };
    const runs = of(build, "RUN").map((i) => i.getArgumentsContent() ?? "");

    expect(runs).toContain(`npm install --global ${rootPackage.packageManager}`);
    expect(runs).toContain("pnpm install --frozen-lockfile --offline");
    expect(runs).toContain("bash scripts/build-production.sh /out");
  });

  it("copies only the production build into the runtime stage", () => {
    const copies = of(runtime, "COPY");

    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) {
      const flags = (
        copy as unknown as { getFlags(): { getName(): string; getValue(): string | null }[] }
      ).getFlags();
      expect(flags.map((f) => `${f.getName()}=${f.getValue()}`)).toContain("from=build");
      expect(args(copy)[0]).toBe("/out/");
    }
    // Nothing in the runtime stage installs packages: no dev dependencies can arrive there.
    for (const run of of(runtime, "RUN"))
      expect(run.getArgumentsContent()).not.toMatch(/npm|pnpm|yarn/);
  });

  it("runs as a numeric non-root user on port 8080 with the bundled server", () => {
    const [user] = of(runtime, "USER");
    expect(user?.getArgumentsContent()).toMatch(/^[1-9]\d*:[1-9]\d*$/);
    expect(of(runtime, "EXPOSE").map((e) => e.getArgumentsContent())).toEqual(["8080"]);

    const [cmd] = of(runtime, "CMD") as JSONInstruction[];
    expect(cmd?.getJSONStrings().map((s) => s.getJSONValue())).toEqual([
      "node",
      "bundle/server.mjs",
    ]);
    const bundle = JSON.parse(
      readFileSync(path.join(REPO, "apps/server-bundle/package.json"), "utf8"),
    ) as { scripts: Record<string, string> };
    expect(bundle.scripts.start).toBe("node bundle/server.mjs");
    expect(of(runtime, "ENTRYPOINT")).toEqual([]);
  });

  it("carries no secrets: no credential-like ARG or ENV, and .dockerignore keeps them out", () => {
    for (const stage of [build, runtime]) {
      for (const i of [...of(stage, "ENV"), ...of(stage, "ARG")]) {
        expect(i.getArgumentsContent()).not.toMatch(/PASSWORD|SECRET|TOKEN|ACCESSKEY/i);
      }
    }
    const ignored = readFileSync(path.join(REPO, ".dockerignore"), "utf8").split("\n");
    for (const entry of [".env", "knative/secret.yaml", "**/node_modules", ".git"]) {
      expect(ignored).toContain(entry);
    }
  });
});
