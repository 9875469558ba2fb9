import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/env.js";

const OSS = {
  OSS_ENDPOINT: "oss-ap-northeast-1.aliyuncs.com",
  OSS_ACCESSKEYID: "id",
  OSS_ACCESSKEYSECRET: "secret",
  OSS_BUCKET: "kura-archives",
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("storage configuration", () => {
  it("chooses OSS when the four required variables are set, with documented defaults", () => {
    expect(loadConfig({ ...OSS, OSS_LOCATION: "oss-ap-northeast-1" }).storage).toEqual({
      kind: "oss",
      endpoint: "https://oss-ap-northeast-1.aliyuncs.com",
      internalEndpoint: undefined,
      accessKeyId: "id",
      accessKeySecret: "secret",
      stsToken: undefined,
      bucket: "kura-archives",
      region: "oss-ap-northeast-1",
      prefix: "",
      secure: true,
      multipartThreshold: 32 * 1024 * 1024,
      partSize: 8 * 1024 * 1024,
      connectTimeoutMs: 10_000,
      timeoutMs: 600_000,
      abortRetries: 5,
      abortRetryDelayMs: 4_000,
      sweepIntervalSeconds: 3_600,
    });
  });

  it("reads the optional OSS settings", () => {
    const storage = loadConfig({
      ...OSS,
      OSS_ENDPOINT: "http://127.0.0.1:9000",
      OSS_INTERNAL_ENDPOINT: "oss-ap-northeast-1-internal.aliyuncs.com",
      OSS_SECURE: "false",
      OSS_STSTOKEN: "token",
      OSS_PREFIX: "kura/",
      OSS_MULTIPART_THRESHOLD: "1048576",
      OSS_PART_SIZE: "204800",
      OSS_TIMEOUT_MS: "5000",
      OSS_ABORT_RETRIES: "0",
      OSS_ABORT_RETRY_DELAY_MS: "250",
      OSS_SWEEP_INTERVAL_SECONDS: "0",
    }).storage;

    expect(storage).toMatchObject({
      endpoint: "http://127.0.0.1:9000",
      internalEndpoint: "http://oss-ap-northeast-1-internal.aliyuncs.com",
      stsToken: "token",
      prefix: "kura/",
      multipartThreshold: 1_048_576,
      partSize: 204_800,
      timeoutMs: 5_000,
      abortRetries: 0,
      abortRetryDelayMs: 250,
      sweepIntervalSeconds: 0,
    });
  });

  it("stops on a partial OSS configuration, naming what is missing", () => {
    const problems = problemsOf({ OSS_ENDPOINT: OSS.OSS_ENDPOINT, OSS_BUCKET: OSS.OSS_BUCKET });

    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /OSS_ENDPOINT, OSS_BUCKET set but missing: OSS_ACCESSKEYID, OSS_ACCESSKEYSECRET$/,
    );
    expect(() => loadConfig({ OSS_ACCESSKEYSECRET: "s" })).toThrow(
      /missing: OSS_ENDPOINT, OSS_ACCESSKEYID, OSS_BUCKET/,
    );
  });

  it("names bad OSS values", () => {
    const problems = problemsOf({
      ...OSS,
      OSS_ENDPOINT: "ftp://example.com",
      OSS_BUCKET: "Not_A_Bucket",
      OSS_PREFIX: "/abs",
      OSS_PART_SIZE: "1000",
      OSS_SECURE: "maybe",
    }).join("\n");

    expect(problems).toMatch(/OSS_ENDPOINT="ftp:\/\/example.com"/);
    expect(problems).toMatch(/OSS_BUCKET="Not_A_Bucket"/);
    expect(problems).toMatch(/OSS_PREFIX="\/abs"/);
    expect(problems).toMatch(/OSS_PART_SIZE="1000": expected a whole number from 102400/);
    expect(problems).toMatch(/OSS_SECURE="maybe": expected true or false/);
  });

  it("keeps the local folder without OSS, with an optional download secret and public URL", () => {
    const config = loadConfig({
      KURA_DOWNLOAD_SECRET: "x".repeat(32),
      KURA_PUBLIC_URL: "https://kura.example.com/",
    });
    expect(config.storage).toMatchObject({ kind: "local", downloadSecret: "x".repeat(32) });
    expect(config.publicUrl).toBe("https://kura.example.com");

    expect(problemsOf({ KURA_DOWNLOAD_SECRET: "short" })).toEqual([
      "KURA_DOWNLOAD_SECRET: expected at least 32 characters",
    ]);
    expect(problemsOf({ KURA_PUBLIC_URL: "https://kura.example.com/path" })[0]).toMatch(
      /KURA_PUBLIC_URL/,
    );
  });
});
