import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

// type-graphql needs legacy decorators with emitted metadata, which vitest's transform must be
// asked for explicitly.
const oxc = { decorator: { legacy: true, emitDecoratorMetadata: true } };

// Node resolves `graphql` to its CommonJS build for dependencies; Vite would give this project's
// own files the ESM build, and two copies of graphql cannot share a schema. One copy for all.
const resolve = {
  alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve("graphql") }],
};

export default defineConfig({
  test: {
    projects: [
      {
        oxc,
        resolve,
        test: { name: "unit", include: ["test/unit/**/*.test.ts"] },
      },
      {
        oxc,
        resolve,
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // The suites share one MariaDB and the machine's two cores; files run one at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
