import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Config } from "./config/env.js";
import { migrate, type Orm, openDatabase } from "./db/orm.js";
import { createApollo } from "./graphql/apollo.js";
import { createSchema } from "./graphql/schema.js";
import { createHttpServer } from "./http/server.js";
import type { Logger } from "./log/logger.js";
import { LocalObjectStore } from "./storage/local-store.js";
import type { ObjectStore } from "./storage/object-store.js";

export interface Kura {
  server: Server;
  orm: Orm;
  store: ObjectStore;
  /** The address the server listens on, e.g. `http://127.0.0.1:8080`. */
  url: string;
  close(): Promise<void>;
}

/** Opens the database (migrating it), the object store and the HTTP server, then listens. */
export async function startKura(config: Config, logger: Logger): Promise<Kura> {
  const orm = await openDatabase(config.database, logger);
  try {
    const applied = await migrate(orm);
    if (applied.length > 0) logger.info({ event: "db.migrated", applied }, "migrations applied");

    const store = await LocalObjectStore.open(config.storage.dir);
    const apollo = await createApollo(await createSchema(), logger);
    const server = createHttpServer({
      logger,
      graphql: { apollo, maxUploadBytes: config.maxUploadBytes },
      context: (_req, requestId, log) => ({
        requestId,
        log,
        em: orm.em.fork(),
        store,
        maxUploadBytes: config.maxUploadBytes,
        pageSizeMax: config.pageSizeMax,
        entryPageSizeMax: config.zip.entryPageSizeMax,
        zip: { verify: config.zip.verify, limits: config.zip.limits },
      }),
    });

    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(config.port, config.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    const host = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host;
    const url = `http://${host}:${port}`;
    logger.info(
      { event: "server.listening", url, database: config.database.kind, storage: store.kind },
      `Kura listening on ${url}/graphql`,
    );

    return {
      server,
      orm,
      store,
      url,
      close: async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        await apollo.stop();
        await orm.close(true);
        logger.info({ event: "server.stopped" }, "Kura stopped");
      },
    };
  } catch (error) {
    await orm.close(true);
    throw error;
  }
}
