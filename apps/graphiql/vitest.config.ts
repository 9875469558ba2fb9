import { defineConfig } from "vitest/config";

// The page's logic that needs no browser (forms, headers, messages) is tested in Node; the page
// as a whole is tested in Chromium by the server's integration suite.
export default defineConfig({
  test: { name: "unit", include: ["test/**/*.test.ts"] },
});
