// Helpers shared by the scripts that start the bundled server and wait for it.
import { request } from "node:http";
import { createServer } from "node:net";

/** A port nothing listens on right now on 127.0.0.1. */
export async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
  await new Promise((resolve) => server.close(() => resolve(undefined)));
  return port;
}

/**
 * The status of GET /readyz on 127.0.0.1:`port`; 0 when nothing answers.
 * @param {number} port
 * @returns {Promise<number>}
 */
export function readyzStatus(port) {
  return new Promise((resolve) => {
    const req = request({ host: "127.0.0.1", port, path: "/readyz", agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.once("error", () => resolve(0));
    req.end();
  });
}
