import { describe, expect, it } from "vitest";
import { parseCliOptions } from "../../src/cli-options.js";

describe("CLI options", () => {
  it("reads flags", () => {
    const options = parseCliOptions(
      [
        "--port",
        "9100",
        "--dir",
        "/tmp/x",
        "--bucket",
        "a1b",
        "--bucket",
        "kura",
        "--access-key-id",
        "ID",
        "--access-key-secret",
        "S",
      ],
      {},
    );

    expect(options).toMatchObject({
      port: 9100,
      dir: "/tmp/x",
      host: "127.0.0.1",
      buckets: ["a1b", "kura"],
      credentials: [{ accessKeyId: "ID", accessKeySecret: "S" }],
    });
  });

  it("falls back to KURA_OSS_* and then to Kura's own OSS_* variables", () => {
    const options = parseCliOptions([], {
      KURA_OSS_PORT: "9200",
      OSS_BUCKET: "kura",
      OSS_ACCESSKEYID: "kid",
      OSS_ACCESSKEYSECRET: "ksecret",
      OSS_LOCATION: "oss-cn-shanghai",
    });

    expect(options).toMatchObject({
      port: 9200,
      buckets: ["kura"],
      region: "oss-cn-shanghai",
      credentials: [{ accessKeyId: "kid", accessKeySecret: "ksecret" }],
    });
  });

  it("refuses to start without a bucket or credentials", () => {
    expect(() => parseCliOptions(["--access-key-id", "a", "--access-key-secret", "b"], {})).toThrow(
      /bucket/,
    );
    expect(() => parseCliOptions(["--bucket", "kura"], {})).toThrow(/access-key/);
    expect(() => parseCliOptions(["--bucket", "kura", "--port", "x"], {})).toThrow(/port/);
  });
});
