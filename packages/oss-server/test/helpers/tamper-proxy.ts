import { createServer, type IncomingHttpHeaders, request } from "node:http";
import type { AddressInfo } from "node:net";

export interface TamperProxy extends AsyncDisposable {
  url: string;
}

/**
 * A forwarding proxy on 127.0.0.1 that lets a test change request headers in flight, the way a
 * misbehaving middlebox would, after the client has signed them.
 */
export async function startTamperProxy(
  upstream: string,
  tamper: (headers: IncomingHttpHeaders) => void,
): Promise<TamperProxy> {
  const target = new URL(upstream);
  const proxy = createServer((req, res) => {
    const headers = { ...req.headers };
    tamper(headers);

    const forward = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    forward.on("error", () => res.destroy());
    req.pipe(forward);
  });

  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const { port } = proxy.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    [Symbol.asyncDispose]: async () => {
      const closed = new Promise<void>((resolve) => proxy.close(() => resolve()));
      proxy.closeAllConnections();
      await closed;
    },
  };
}
