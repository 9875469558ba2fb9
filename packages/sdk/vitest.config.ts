import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      // The machine's two cores are shared; a parse of a few hundred kilobytes can wait seconds.
      { test: { name: "unit", include: ["test/unit/**/*.test.ts"], testTimeout: 30_000 } },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          // Each file starts a server process; installing the packed tarball runs npm.
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
