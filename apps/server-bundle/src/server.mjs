// The image's entry point: runs the bundled server (server.cjs) with the V8 code cache that the
// build wrote for it (see commonjs-script.mjs).
import { fileURLToPath } from "node:url";
import { compileCommonJs, SERVER_SCRIPT_NAME } from "./commonjs-script.mjs";

compileCommonJs(fileURLToPath(new URL("./server.cjs", import.meta.url)), SERVER_SCRIPT_NAME).run();
