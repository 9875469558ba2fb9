import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, ENV_NAMES, loadConfig } from "../../src/config/env.js";

describe("loadConfig", () => {
  it("defaults to the embedded database and a local folder on port 8080", () => {
    const config = loadConfig({});

    expect(config.port).toBe(8080);
    expect(config.database).toEqual({ kind: "sqlite", file: path.resolve("data/kura.db") });
    expect(config.storage).toEqual({ kind: "local", dir: path.resolve("data/objects") });
    expect(config.maxUploadBytes).toBe(1024 ** 3);
  });

  it("uses MySQL when MYSQL_HOST is set", () => {
    const config = loadConfig({
      MYSQL_HOST: "db.internal",
      MYSQL_PASSWORD: "pw",
      MYSQL_DATABASE: "files",
    });

    expect(config.database).toEqual({
      kind: "mysql",
      host: "db.internal",
      port: 3306,
      user: "root",
      password: "pw",
      database: "files",
      poolSize: 10,
    });
  });

  it("names every bad variable and what it expects, all at once", () => {
    const attempt = () =>
      loadConfig({
        PORT: "eighty",
        KURA_MAX_UPLOAD_BYTES: "-5",
        LOG_LEVEL: "loud",
        MYSQL_HOST: "h",
        MYSQL_PORT: "0",
      });

    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as ConfigError).problems;
      expect(problems).toHaveLength(4);
      expect(problems[0]).toBe('PORT="eighty": expected a whole number from 0 to 65535');
      expect(problems.join("\n")).toMatch(/KURA_MAX_UPLOAD_BYTES="-5"/);
      expect(problems.join("\n")).toMatch(/LOG_LEVEL="loud": expected one of fatal, error/);
      expect(problems.join("\n")).toMatch(
        /MYSQL_PORT="0": expected a whole number from 1 to 65535/,
      );
    }
  });

  it("runs the ZIP inspection thread at nice 10 unless KURA_ZIP_WORKER_NICE says otherwise", () => {
    expect(loadConfig({}).zip.workerNice).toBe(10);
    expect(loadConfig({ KURA_ZIP_WORKER_NICE: "0" }).zip.workerNice).toBe(0);
    expect(() => loadConfig({ KURA_ZIP_WORKER_NICE: "20" })).toThrow(
      /KURA_ZIP_WORKER_NICE="20": expected a whole number from 0 to 19/,
    );
  });

  it("refuses a database name that is not a plain identifier", () => {
    expect(() => loadConfig({ MYSQL_HOST: "h", MYSQL_DATABASE: "kura`; drop" })).toThrow(
      /MYSQL_DATABASE/,
    );
  });

  it("serves GraphiQL unless KURA_GRAPHIQL is false", () => {
    expect(loadConfig({}).graphiql).toBe(true);
    expect(loadConfig({ KURA_GRAPHIQL: "true" }).graphiql).toBe(true);
    expect(loadConfig({ KURA_GRAPHIQL: "false" }).graphiql).toBe(false);
  });

  it("refuses a KURA_GRAPHIQL that is neither true nor false", () => {
    expect(() => loadConfig({ KURA_GRAPHIQL: "off" })).toThrow(
      'KURA_GRAPHIQL="off": expected true or false',
    );
  });

  it("times requests out after 600 s and waits as long for them at shutdown, by default", () => {
    const config = loadConfig({});

    expect(config.requestTimeoutSeconds).toBe(600);
    expect(config.shutdownGraceSeconds).toBe(600);
    expect(config.migrateOnStart).toBe(true);
    expect(loadConfig({ KURA_REQUEST_TIMEOUT_SECONDS: "900" }).shutdownGraceSeconds).toBe(900);
    expect(loadConfig({ KURA_MIGRATE_ON_START: "false" }).migrateOnStart).toBe(false);
    expect(() => loadConfig({ KURA_MIGRATE_ON_START: "no" })).toThrow(/KURA_MIGRATE_ON_START/);
  });

  it("lists exactly the variables it reads, for the deployment checks", () => {
    const read = new Set<string>();
    const recording = (values: Record<string, string>) =>
      new Proxy(values, {
        get(target, name) {
          if (typeof name === "string") read.add(name);
          return target[name as string];
        },
      });

    loadConfig(recording({}));
    loadConfig(recording({ MYSQL_HOST: "db.internal" }));
    loadConfig(
      recording({
        OSS_ENDPOINT: "http://127.0.0.1:9",
        OSS_ACCESSKEYID: "id",
        OSS_ACCESSKEYSECRET: "secret",
        OSS_BUCKET: "kura",
      }),
    );

    expect([...read].sort()).toEqual([...ENV_NAMES].sort());
  });
});
