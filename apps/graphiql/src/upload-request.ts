import type { GraphQLBody } from "./response";
import { uploadSelection } from "./upload-fields";

/** The mutation the upload panel sends; its selection is what the result pane shows. */
export const UPLOAD_MUTATION = `mutation UploadZip($file: File!, $sha256: String) {
  uploadZip(file: $file, sha256: $sha256) {
${uploadSelection(2)}
  }
}`;

/**
 * A GraphQL multipart request body: `operations` with the file variable left null, `map` pointing
 * part `0` at it, then the file itself (the order the multipart request spec requires).
 */
export function uploadForm(file: Blob, filename: string, sha256?: string): FormData {
  const form = new FormData();
  form.set(
    "operations",
    JSON.stringify({
      query: UPLOAD_MUTATION,
      operationName: "UploadZip",
      variables: { file: null, sha256: sha256 ?? null },
    }),
  );
  form.set("map", JSON.stringify({ 0: ["variables.file"] }));
  form.set("0", file, filename);
  return form;
}

/**
 * The headers an upload goes with: those from the headers editor, plus the header Kura requires
 * on multipart requests so browsers cannot send them cross-site. `content-type` is left to the
 * browser, which alone knows the multipart boundary.
 */
export function uploadHeaders(editorHeaders: Record<string, unknown> | undefined): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(editorHeaders ?? {})) {
    if (value === undefined || value === null) continue;
    if (name.toLowerCase() === "content-type") continue;
    headers.set(name, typeof value === "string" ? value : JSON.stringify(value));
  }
  headers.set("apollo-require-preflight", "true");
  headers.set("accept", "application/graphql-response+json, application/json");
  return headers;
}

export interface UploadOutcome {
  ok: boolean;
  /** One line for the panel: what was stored, or the error code and message. */
  summary: string;
}

/** Sums up an `uploadZip` response for the panel; the whole response goes to the result pane. */
export function describeUpload(body: GraphQLBody): UploadOutcome {
  const error = body.errors?.[0];
  if (error) {
    const code = typeof error.extensions?.code === "string" ? error.extensions.code : "ERROR";
    return { ok: false, summary: `${code}: ${error.message}` };
  }

  const upload = (body.data as { uploadZip?: { id?: string; filename?: string } } | undefined)
    ?.uploadZip;
  if (!upload?.id) return { ok: false, summary: "The server answered without an upload." };

  return { ok: true, summary: `Stored ${upload.filename ?? "the archive"} as ${upload.id}.` };
}
