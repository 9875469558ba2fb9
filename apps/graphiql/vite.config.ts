import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The server mounts the built files under /graphiql/, so every URL the page asks for (scripts,
// styles, Monaco's workers) is an absolute path on Kura's own origin.
export default defineConfig({
  base: "/graphiql/",
  plugins: [react()],
  build: {
    outDir: "dist",
    assetsDir: "assets",
    emptyOutDir: true,
    // Monaco alone is several megabytes; the warning would fire on every build and say nothing.
    chunkSizeWarningLimit: 6000,
    rolldownOptions: {
      onwarn(warning, warn) {
        // GraphiQL's React-compiler output carries "use no memo" directives, which only matter
        // to the compiler; bundling drops them harmlessly, once per module.
        if (warning.code === "MODULE_LEVEL_DIRECTIVE") return;
        warn(warning);
      },
    },
  },
  worker: { format: "es" },
});
