import { rm } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Faults } from "./faults/faults.js";
import { handleRequest } from "./http/handle-request.js";
import { RequestCounter } from "./http/request-counter.js";
import { createInspector, type OssInspector } from "./inspect.js";
import { silentLogger } from "./logger.js";
import type { OssServerOptions } from "./options.js";
import { ensureDir, Layout } from "./store/files.js";
import { MultipartStore } from "./store/multipart-store.js";
import { ObjectStore } from "./store/object-store.js";

export interface OssServer {
  /** `http://host:port`, ready for ali-oss's `endpoint`. */
  url: string;
  port: number;
  /** Fault rules for tests. */
  faults: Faults;
  inspect: OssInspector;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

/** Starts the server and resolves once it listens. */
export async function startOssServer(options: OssServerOptions): Promise<OssServer> {
  const host = options.host ?? "127.0.0.1";
  const region = (options.region ?? "oss-cn-hangzhou").replace(/^oss-/, "");
  const logger = options.logger ?? silentLogger;
  for (const bucket of options.buckets) {
    if (!BUCKET_NAME.test(bucket)) throw new Error(`invalid bucket name: ${bucket}`);
  }
  if (options.credentials.length === 0) throw new Error("at least one credential is required");

  const layout = new Layout(options.dir);
  // Temp files of a previous run belong to requests that never finished.
  await rm(layout.tmp, { recursive: true, force: true });
  await ensureDir(layout.tmp);
  const objects = await ObjectStore.open(layout, options.buckets);
  const multipart = await MultipartStore.open(layout, objects, options.buckets);
  const faults = new Faults();
  const counter = new RequestCounter();
  const deps = {
    objects,
    multipart,
    faults,
    counter,
    logger,
    region,
    credentials: options.credentials,
  };

  const server = createServer((req, res) => {
    void handleRequest(req, res, deps);
  });
  // Node closes idle sockets after 5 s, about when ali-oss's agent (4 s free-socket timeout)
  // may reuse them; on a loaded machine the two race and a request meets a reset. Real OSS
  // keeps connections far longer, so this server does too.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });

  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  logger.info("server.started", { url, dir: options.dir, buckets: options.buckets });

  return {
    url,
    port,
    faults,
    inspect: createInspector(objects, multipart, counter),
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      logger.info("server.stopped", { url });
    },
  };
}
