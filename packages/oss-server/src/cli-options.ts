import { parseArgs } from "node:util";
import type { OssServerOptions } from "./options.js";

export const USAGE = `Usage: kura-oss-server [options]

  --port <n>                 port (env KURA_OSS_PORT; default 9000)
  --host <ip>                interface (env KURA_OSS_HOST; default 127.0.0.1)
  --dir <path>               data folder (env KURA_OSS_DIR; default ./oss-data)
  --bucket <name>            bucket, repeatable (env KURA_OSS_BUCKETS, comma-separated, or OSS_BUCKET)
  --access-key-id <id>       (env KURA_OSS_ACCESS_KEY_ID or OSS_ACCESSKEYID)
  --access-key-secret <s>    (env KURA_OSS_ACCESS_KEY_SECRET or OSS_ACCESSKEYSECRET)
  --security-token <t>       require this STS token (env KURA_OSS_SECURITY_TOKEN or OSS_STSTOKEN)
  --region <r>               e.g. oss-cn-hangzhou (env KURA_OSS_REGION or OSS_LOCATION)
  --quiet                    no per-request JSON logs
  --help`;

export type CliOptions = OssServerOptions & { quiet: boolean; help: boolean };

/** Flags first, then KURA_OSS_* variables, then the OSS_* names Kura itself reads. */
export function parseCliOptions(argv: readonly string[], env: NodeJS.ProcessEnv): CliOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: "string" },
      host: { type: "string" },
      dir: { type: "string" },
      bucket: { type: "string", multiple: true },
      "access-key-id": { type: "string" },
      "access-key-secret": { type: "string" },
      "security-token": { type: "string" },
      region: { type: "string" },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });

  const buckets =
    values.bucket ??
    (env.KURA_OSS_BUCKETS ?? env.OSS_BUCKET ?? "").split(",").filter((b) => b !== "");
  const accessKeyId = values["access-key-id"] ?? env.KURA_OSS_ACCESS_KEY_ID ?? env.OSS_ACCESSKEYID;
  const accessKeySecret =
    values["access-key-secret"] ?? env.KURA_OSS_ACCESS_KEY_SECRET ?? env.OSS_ACCESSKEYSECRET;
  const securityToken = values["security-token"] ?? env.KURA_OSS_SECURITY_TOKEN ?? env.OSS_STSTOKEN;
  const port = Number(values.port ?? env.KURA_OSS_PORT ?? "9000");

  if (values.help) return { help: true, quiet: true, dir: "", buckets: [], credentials: [] };
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`invalid port: ${values.port}`);
  if (buckets.length === 0) throw new Error("at least one --bucket is required");
  if (!accessKeyId || !accessKeySecret) {
    throw new Error("--access-key-id and --access-key-secret are required");
  }

  return {
    help: false,
    quiet: values.quiet ?? false,
    port,
    host: values.host ?? env.KURA_OSS_HOST ?? "127.0.0.1",
    dir: values.dir ?? env.KURA_OSS_DIR ?? "./oss-data",
    buckets,
    region: values.region ?? env.KURA_OSS_REGION ?? env.OSS_LOCATION ?? "oss-cn-hangzhou",
    credentials: [{ accessKeyId, accessKeySecret, ...(securityToken ? { securityToken } : {}) }],
  };
}
