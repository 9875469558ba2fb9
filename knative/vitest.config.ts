import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

// The server's compiled code reaches graphql through Node's CommonJS resolution; Vite would hand
// other importers the ESM build, and two copies of graphql cannot share one schema.
const serverRequire = createRequire(
  createRequire(import.meta.url).resolve("@kura/server/package.json"),
);
const resolve = {
  alias: [{ find: /^graphql$/, replacement: serverRequire.resolve("graphql") }],
};

export default defineConfig({
  test: {
    projects: [
      { test: { name: "unit", include: ["test/unit/**/*.test.ts"] } },
      {
        resolve,
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
