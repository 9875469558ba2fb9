import type { IncomingMessage, Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ZipInspector } from "@kura/zip";
import type { Config } from "./config/env.js";
import { migrate, type Orm, openDatabase } from "./db/orm.js";
import { createApollo } from "./graphql/apollo.js";
import { createSchema } from "./graphql/schema.js";
import { ConnectionDrainer } from "./http/drain.js";
import { loadGraphiqlAssets } from "./http/graphiql-assets.js";
import { Readiness } from "./http/readiness.js";
import { createHttpServer } from "./http/server.js";
import { applyHttpTimeouts, httpTimeouts } from "./http/timeouts.js";
import type { Logger } from "./log/logger.js";
import { LocalObjectStore } from "./storage/local-store.js";
import type { ObjectStore } from "./storage/object-store.js";
import { openObjectStore } from "./storage/open-store.js";
import { OBJECT_KEY_SPACE } from "./uploads/ids.js";

export interface Kura {
  server: Server;
  orm: Orm;
  store: ObjectStore;
  /** The address the server listens on, e.g. `http://127.0.0.1:8080`. */
  url: string;
  readiness: Readiness;
  /**
   * Stops gracefully: readiness fails at once, the listener stops accepting, requests in flight
   * finish (for at most `shutdownGraceSeconds`), then the store's background work stops and the
   * database pool closes. `drained` is false
   * when requests had to be cut.
   */
  close(): Promise<{ drained: boolean }>;
}

/** The origin the client reached Kura at, for URLs Kura serves itself. */
function requestOrigin(req: IncomingMessage): string {
  const proto = req.headers["x-forwarded-proto"] === "https" ? "https" : "http";
  const host = req.headers.host ?? "";
  const plausible = /^([\w.-]+|\[[\da-f:.]+\])(:\d{1,5})?$/i.test(host);
  return `${proto}://${plausible ? host : "localhost"}`;
}

/** Opens the database (migrating it), the object store and the HTTP server, then listens. */
export async function startKura(config: Config, logger: Logger): Promise<Kura> {
  // Before anything can start the inspection worker, which takes the setting when it starts.
  ZipInspector.configureWorker({ nice: config.zip.workerNice });
  const orm = await openDatabase(config.database, logger);
  let opened: ObjectStore | undefined;
  try {
    if (config.migrateOnStart) {
      const applied = await migrate(orm);
      if (applied.length > 0) logger.info({ event: "db.migrated", applied }, "migrations applied");
    }

    const store = await openObjectStore(config.storage, logger, {
      keySpace: OBJECT_KEY_SPACE,
      requestTimeoutMs: config.requestTimeoutSeconds * 1000,
    });
    opened = store;
    const graphiql = config.graphiql ? await loadGraphiqlAssets() : undefined;
    const apollo = await createApollo(await createSchema(), logger);
    const readiness = new Readiness(
      {
        database: () => pingDatabase(orm),
        storage: () => store.probe(),
      },
      logger,
    );
    const server = createHttpServer({
      logger,
      graphiql,
      readiness,
      graphql: { apollo, maxUploadBytes: config.maxUploadBytes },
      context: (req, requestId, log) => ({
        requestId,
        log,
        em: orm.em.fork(),
        store,
        maxUploadBytes: config.maxUploadBytes,
        pageSizeMax: config.pageSizeMax,
        requestBytes: Number(req.headers["content-length"]) || undefined,
        origin: config.publicUrl ?? requestOrigin(req),
        entryPageSizeMax: config.zip.entryPageSizeMax,
        zip: { verify: config.zip.verify, limits: config.zip.limits },
      }),
      downloads: store instanceof LocalObjectStore ? store : undefined,
    });

    applyHttpTimeouts(server, httpTimeouts(config.requestTimeoutSeconds));
    const drainer = new ConnectionDrainer(server);

    await new Promise<void>((resolve, reject) => {
      const refuse = (error: NodeJS.ErrnoException) => {
        const why = error.code ?? error.message;
        reject(
          new Error(`cannot listen on HOST=${config.host} PORT=${config.port}: ${why}`, {
            cause: error,
          }),
        );
      };
      server.once("error", refuse);
      server.listen(config.port, config.host, () => {
        server.off("error", refuse);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    const host = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host;
    const url = `http://${host}:${port}`;
    logger.info(
      {
        event: "server.listening",
        url,
        database: config.database.kind,
        storage: store.kind,
        graphiql: graphiql ? `${url}/graphiql` : false,
      },
      `Kura listening on ${url}/graphql`,
    );
    // The first upload would otherwise wait for the inspection worker to start.
    ZipInspector.warmUp().catch((error: unknown) => {
      logger.warn({ event: "zip.worker_failed", err: error }, "the ZIP inspection worker failed");
    });

    return {
      server,
      orm,
      store,
      url,
      readiness,
      close: async () => {
        readiness.markDraining();
        logger.info({ event: "server.draining", pending: drainer.pending }, "draining requests");
        const drained = await drainer.drain(config.shutdownGraceSeconds * 1000);
        await apollo.stop();
        await store.close?.();
        await orm.close(true);
        logger.info({ event: "server.stopped", drained }, "Kura stopped");
        return { drained };
      },
    };
  } catch (error) {
    // A start that fails half way must not leave the store's timers (the OSS sweep) behind.
    await opened?.close?.();
    await orm.close(true);
    throw error;
  }
}

/** The cheapest query that proves a pooled connection can reach the database. */
async function pingDatabase(orm: Orm): Promise<void> {
  await orm.em.fork().getConnection().execute("select 1");
}
