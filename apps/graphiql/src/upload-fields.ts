/** The `Upload` fields the page's operations select, so the examples and uploads agree. */
const UPLOAD_FIELDS = [
  "id",
  "filename",
  "size",
  "sha256",
  "contentType",
  "entryCount",
  "uncompressedSize",
  "verified",
  "createdAt",
];

/** The fields as lines of a selection set, indented to sit at `depth` levels of two spaces. */
export function uploadSelection(depth: number): string {
  const indent = "  ".repeat(depth);
  return UPLOAD_FIELDS.map((field) => `${indent}${field}`).join("\n");
}
