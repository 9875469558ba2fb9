import { timingSafeEqual } from "node:crypto";
import { ossErrors } from "../errors.js";
import type { RequestTarget } from "../http/target.js";
import type { Credential } from "./credentials.js";
import { canonicalizedResource, signV1, stringToSignV1 } from "./v1.js";
import { canonicalRequestV4, signV4, stringToSignV4, V4_ALGORITHM } from "./v4.js";

/** OSS refuses header-signed requests whose time is further than this from the server's. */
const MAX_SKEW_MS = 15 * 60 * 1000;

export interface AuthInput {
  method: string;
  /** Lower-case names; values decoded as UTF-8. */
  headers: Readonly<Record<string, string>>;
  target: RequestTarget;
  credentials: readonly Credential[];
  /** Standard region, e.g. "cn-hangzhou" (V4 scopes name it). */
  region: string;
  now: number;
}

/** Verifies the request's signature and returns the credential it was made with. */
export function authenticate(input: AuthInput): Credential {
  const authorization = input.headers.authorization;

  if (authorization?.startsWith("OSS ")) return verifyHeaderV1(input, authorization.slice(4));
  if (authorization?.startsWith(`${V4_ALGORITHM} `)) return verifyHeaderV4(input, authorization);
  if (input.target.query.has("Signature")) return verifySignedUrl(input);
  if (input.target.query.get("x-oss-signature-version") === V4_ALGORITHM) {
    return verifySignedUrlV4(input);
  }
  throw ossErrors.accessDenied("Anonymous access is forbidden for this bucket.");
}

function findCredential(input: AuthInput, accessKeyId: string): Credential {
  const credential = input.credentials.find((c) => c.accessKeyId === accessKeyId);

  if (credential === undefined) throw ossErrors.unknownAccessKey(accessKeyId);
  return credential;
}

function checkToken(credential: Credential, presented: string | undefined): void {
  if ((credential.securityToken ?? undefined) !== (presented || undefined)) {
    throw ossErrors.invalidSecurityToken();
  }
}

function checkSkew(input: AuthInput, requestTime: string | undefined): void {
  const time = requestTime === undefined ? Number.NaN : parseRequestTime(requestTime);

  if (Number.isNaN(time)) throw ossErrors.accessDenied("The request has no valid Date header.");
  if (Math.abs(input.now - time) > MAX_SKEW_MS) throw ossErrors.timeTooSkewed(requestTime ?? "");
}

function parseRequestTime(text: string): number {
  // V4 uses the compact ISO form 20250102T030405Z, which Date.parse does not read.
  const compact = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (compact === null) return Date.parse(text);

  const [, y, mo, d, h, mi, s] = compact;
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
}

function sameSignature(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function verifyHeaderV1(input: AuthInput, value: string): Credential {
  const colon = value.lastIndexOf(":");
  const accessKeyId = colon === -1 ? value.trim() : value.slice(0, colon).trim();
  const signature = colon === -1 ? "" : value.slice(colon + 1).trim();
  const credential = findCredential(input, accessKeyId);
  // ali-oss sends only x-oss-date and signs it in the Date slot; other clients send Date.
  const date = input.headers["x-oss-date"] ?? input.headers.date;

  checkSkew(input, date);

  const stringToSign = stringToSignV1({
    method: input.method,
    headers: input.headers,
    date: date ?? "",
    resource: canonicalizedResource(input.target.bucket, input.target.key, input.target.query),
  });
  if (!sameSignature(signV1(credential.accessKeySecret, stringToSign), signature)) {
    throw ossErrors.signatureMismatch(stringToSign);
  }

  checkToken(credential, input.headers["x-oss-security-token"]);
  return credential;
}

function verifySignedUrl(input: AuthInput): Credential {
  const { query } = input.target;
  const credential = findCredential(input, query.get("OSSAccessKeyId") ?? "");
  const expires = query.get("Expires") ?? "";

  if (!/^\d+$/.test(expires)) throw ossErrors.accessDenied("Expires is not a valid timestamp.");

  const stringToSign = stringToSignV1({
    method: input.method,
    headers: input.headers,
    date: expires,
    resource: canonicalizedResource(input.target.bucket, input.target.key, query),
  });
  if (
    !sameSignature(signV1(credential.accessKeySecret, stringToSign), query.get("Signature") ?? "")
  ) {
    throw ossErrors.signatureMismatch(stringToSign);
  }

  // OSS checks the signature first, then the expiry.
  if (Number(expires) * 1000 < input.now) throw ossErrors.expired(expires, input.now);

  checkToken(credential, query.get("security-token"));
  return credential;
}

interface V4Claim {
  /** `id/day/region/oss/aliyun_v4_request`. */
  credential: string;
  timestamp: string;
  additionalHeaders: string;
  signature: string;
  /** The query as signed: a signed URL's own x-oss-signature is left out. */
  query: ReadonlyMap<string, string>;
}

function verifyV4(input: AuthInput, claim: V4Claim): Credential {
  const [accessKeyId = "", day = "", region = "", product = "", terminator = ""] =
    claim.credential.split("/");
  const credential = findCredential(input, accessKeyId);

  if (product !== "oss" || terminator !== "aliyun_v4_request" || !claim.timestamp.startsWith(day)) {
    throw ossErrors.invalidArgument("The V4 credential scope is malformed.");
  }
  if (region !== input.region) {
    throw ossErrors.invalidArgument(`The V4 credential scope names region ${region}.`);
  }

  const canonicalRequest = canonicalRequestV4({
    method: input.method,
    bucket: input.target.bucket,
    key: input.target.key,
    query: claim.query,
    headers: input.headers,
    additionalHeaders: claim.additionalHeaders
      .split(";")
      .map((name) => name.trim().toLowerCase())
      .filter((name) => name !== ""),
  });
  const stringToSign = stringToSignV4(claim.timestamp, region, canonicalRequest);
  const expected = signV4(credential.accessKeySecret, day, region, stringToSign);
  if (!sameSignature(expected, claim.signature)) throw ossErrors.signatureMismatch(stringToSign);
  return credential;
}

function verifyHeaderV4(input: AuthInput, value: string): Credential {
  const fields = parseV4Fields(value.slice(V4_ALGORITHM.length + 1));
  const timestamp = input.headers["x-oss-date"] ?? "";

  checkSkew(input, timestamp);
  const credential = verifyV4(input, {
    credential: fields.get("Credential") ?? "",
    timestamp,
    additionalHeaders: fields.get("AdditionalHeaders") ?? "",
    signature: fields.get("Signature") ?? "",
    query: input.target.query,
  });

  checkToken(credential, input.headers["x-oss-security-token"]);
  return credential;
}

function verifySignedUrlV4(input: AuthInput): Credential {
  const query = new Map(input.target.query);
  const signature = query.get("x-oss-signature") ?? "";
  const timestamp = query.get("x-oss-date") ?? "";
  const expires = query.get("x-oss-expires") ?? "";
  query.delete("x-oss-signature");

  const credential = verifyV4(input, {
    credential: query.get("x-oss-credential") ?? "",
    timestamp,
    additionalHeaders: query.get("x-oss-additional-headers") ?? "",
    signature,
    query,
  });

  const signedAt = parseRequestTime(timestamp);
  if (!/^\d+$/.test(expires) || Number.isNaN(signedAt)) {
    throw ossErrors.accessDenied("x-oss-date or x-oss-expires is not valid.");
  }
  const expiresAt = Math.floor(signedAt / 1000) + Number(expires);
  if (expiresAt * 1000 < input.now) throw ossErrors.expired(String(expiresAt), input.now);

  checkToken(credential, query.get("x-oss-security-token"));
  return credential;
}

function parseV4Fields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const part of text.split(",")) {
    const eq = part.indexOf("=");
    if (eq !== -1) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return fields;
}
