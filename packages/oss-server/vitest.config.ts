import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
        },
      },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          // A 12 MB multipart upload through a real client on 2 cores needs more than 5 s.
          testTimeout: 60_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
