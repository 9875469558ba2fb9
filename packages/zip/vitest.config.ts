import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Real-archive tests inflate tens of megabytes; the default 5 s is too tight on 2 cores.
    testTimeout: 120_000,
  },
});
