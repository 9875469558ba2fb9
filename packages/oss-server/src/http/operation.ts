import type { RequestTarget } from "./target.js";

/** The operations this server answers, named as OSS's API reference names them. */
export const OPERATIONS = [
  "PutObject",
  "GetObject",
  "HeadObject",
  "DeleteObject",
  "ListObjects",
  "ListObjectsV2",
  "InitiateMultipartUpload",
  "UploadPart",
  "CompleteMultipartUpload",
  "AbortMultipartUpload",
  "ListParts",
  "ListMultipartUploads",
] as const;

export type Operation = (typeof OPERATIONS)[number];

/** A request this server recognises but does not serve: the name is kept for the error message. */
export interface Unsupported {
  unsupported: string;
}

// Object sub-resources of real OSS that select a different API (ACL, tagging, append, ...).
const OTHER_OBJECT_APIS = ["acl", "tagging", "symlink", "append", "restore", "objectMeta"];

export function identifyOperation(method: string, target: RequestTarget): Operation | Unsupported {
  const { bucket, key, query } = target;

  if (bucket === undefined) return { unsupported: `${method} on the service (ListBuckets)` };

  if (key === undefined) return bucketOperation(method, query);

  // HEAD ?objectMeta (GetObjectMeta) answers a subset of HeadObject's headers.
  if (method === "HEAD") return "HeadObject";

  const other = OTHER_OBJECT_APIS.find((name) => query.has(name));
  if (other !== undefined) return { unsupported: `${method} ?${other}` };

  if (method === "PUT") return query.has("uploadId") ? "UploadPart" : "PutObject";
  if (method === "GET") return query.has("uploadId") ? "ListParts" : "GetObject";
  if (method === "DELETE") return query.has("uploadId") ? "AbortMultipartUpload" : "DeleteObject";
  if (method === "POST" && query.has("uploads")) return "InitiateMultipartUpload";
  if (method === "POST" && query.has("uploadId")) return "CompleteMultipartUpload";
  return { unsupported: `${method} on an object` };
}

function bucketOperation(
  method: string,
  query: ReadonlyMap<string, string>,
): Operation | Unsupported {
  if (method !== "GET") return { unsupported: `${method} on a bucket` };

  if (query.has("uploads")) return "ListMultipartUploads";
  if (query.get("list-type") === "2") return "ListObjectsV2";

  const subresource = [...query.keys()].find((name) => !LIST_PARAMETERS.has(name));
  if (subresource !== undefined) return { unsupported: `GET ?${subresource} on a bucket` };
  return "ListObjects";
}

const LIST_PARAMETERS = new Set(["prefix", "delimiter", "marker", "max-keys", "encoding-type"]);
