import { openAsBlob } from "node:fs";
import { type IncomingHttpHeaders, request } from "node:http";

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  body: {
    data?: T | null;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  };
}

export async function query<T = Record<string, unknown>>(
  url: string,
  document: string,
  variables: Record<string, unknown> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: document, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLResponse<T>["body"] };
}

export const UPLOAD_FIELDS =
  "id filename size sha256 contentType entryCount uncompressedSize createdAt";

const UPLOAD_MUTATION = `mutation Upload($file: File!, $sha256: String) {
  uploadZip(file: $file, sha256: $sha256) { ${UPLOAD_FIELDS} }
}`;

export interface UploadOptions {
  filename: string;
  /** The bytes, or a path to stream them from. */
  content: Uint8Array | { path: string };
  sha256?: string;
  headers?: Record<string, string>;
}

/** Sends `uploadZip` as a GraphQL multipart request, the way a client library would. */
export async function uploadZip(url: string, options: UploadOptions): Promise<GraphQLResponse> {
  const form = new FormData();
  form.set(
    "operations",
    JSON.stringify({
      query: UPLOAD_MUTATION,
      variables: { file: null, sha256: options.sha256 ?? null },
    }),
  );
  form.set("map", JSON.stringify({ 0: ["variables.file"] }));
  const blob =
    "path" in options.content
      ? await openAsBlob(options.content.path, { type: "application/zip" })
      : new Blob([options.content], { type: "application/zip" });
  form.set("0", blob, options.filename);

  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "apollo-require-preflight": "true", ...options.headers },
    body: form,
  });
  return { status: response.status, body: (await response.json()) as GraphQLResponse["body"] };
}

/** A raw HTTP request with a hand-written body, for requests no client library would send. */
export async function rawPost(
  url: string,
  headers: Record<string, string>,
  body: string | Buffer,
): Promise<{ status: number; text: string }> {
  const { status, text } = await rawRequest(url, "/graphql", { method: "POST", headers, body });
  return { status, text };
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/**
 * One request with the path sent exactly as written (fetch would resolve `..` before sending)
 * and whatever headers and body the test chooses.
 */
export function rawRequest(
  url: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const options = { method: init.method ?? "GET", path, headers: init.headers ?? {} };
    const req = request(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString("utf8"),
        }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(init.body);
  });
}
