// Writes bundle/server.cjs's V8 code cache: starts the bundled server in this process on the
// embedded default, waits for its first 200 from /readyz (so that every function a cold start
// runs has been compiled), saves what V8 compiled, then stops the server with SIGTERM.
// scripts/bundle.mjs runs it with a clean environment and a fresh KURA_DATA_DIR.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { codeCachePath, compileCommonJs, SERVER_SCRIPT_NAME } from "../src/commonjs-script.mjs";
import { freePort, readyzStatus } from "./probe.mjs";

const file = fileURLToPath(new URL("../bundle/server.cjs", import.meta.url));
const port = await freePort();
process.env.PORT = String(port);
process.env.HOST = "127.0.0.1";

const server = compileCommonJs(file, SERVER_SCRIPT_NAME);
server.run();
const deadline = Date.now() + 60_000;
while ((await readyzStatus(port)) !== 200) {
  if (Date.now() > deadline) throw new Error("write-code-cache: no 200 from /readyz within 60 s");
  await new Promise((resolve) => setTimeout(resolve, 10));
}
writeFileSync(codeCachePath(file), server.script.createCachedData());
// Kura's own SIGTERM handler drains and exits 0.
process.kill(process.pid, "SIGTERM");
