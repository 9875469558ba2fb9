import {
  type GraphiQLPlugin,
  tryParseJSONC,
  useGraphiQL,
  useGraphiQLActions,
} from "@graphiql/react";
import { type FormEvent, useId, useState } from "react";
import { GRAPHQL_ENDPOINT } from "./endpoint";
import { readGraphQLBody } from "./response";
import { describeUpload, uploadForm, uploadHeaders } from "./upload-request";

type PanelState =
  | { kind: "idle" }
  | { kind: "sending" }
  | { kind: "done"; ok: boolean; summary: string };

/**
 * A sidebar panel that picks a ZIP and sends `uploadZip` as a GraphQL multipart request with the
 * headers editor's headers, then shows Kura's answer in the result pane.
 */
function UploadPanel() {
  const headerEditor = useGraphiQL((state) => state.headerEditor);
  const responseEditor = useGraphiQL((state) => state.responseEditor);
  const { updateActiveTabValues } = useGraphiQLActions();
  const [file, setFile] = useState<File | null>(null);
  const [sha256, setSha256] = useState("");
  const [state, setState] = useState<PanelState>({ kind: "idle" });
  const fileId = useId();
  const shaId = useId();

  const showResponse = (text: string) => {
    responseEditor?.setValue(text);
    updateActiveTabValues({ response: text });
  };

  async function send(event: FormEvent) {
    event.preventDefault();
    if (!file) return;

    let headers: Headers;
    try {
      headers = uploadHeaders(tryParseJSONC(headerEditor?.getValue()));
    } catch (error) {
      const summary = `Request headers ${error instanceof Error ? error.message : String(error)}`;
      setState({ kind: "done", ok: false, summary });
      return;
    }

    setState({ kind: "sending" });
    try {
      const response = await fetch(GRAPHQL_ENDPOINT, {
        method: "POST",
        headers,
        body: uploadForm(file, file.name, sha256.trim() || undefined),
        credentials: "same-origin",
      });
      const body = await readGraphQLBody(response);
      showResponse(JSON.stringify(body, null, 2));
      setState({ kind: "done", ...describeUpload(body) });
    } catch (error) {
      const summary = `The upload did not reach Kura: ${error instanceof Error ? error.message : String(error)}`;
      showResponse(JSON.stringify({ errors: [{ message: summary }] }, null, 2));
      setState({ kind: "done", ok: false, summary });
    }
  }

  return (
    <form className="kura-upload" onSubmit={send}>
      <div className="graphiql-doc-explorer-title">Upload a ZIP</div>
      <p>
        Sends <code>uploadZip</code> as a GraphQL multipart request, with the request headers from
        the headers editor. Kura's answer appears in the result pane.
      </p>
      <label htmlFor={fileId}>Archive</label>
      <input
        id={fileId}
        name="file"
        type="file"
        accept=".zip,application/zip"
        onChange={(event) => setFile(event.target.files?.[0] ?? null)}
      />
      <label htmlFor={shaId}>SHA-256 (optional: Kura refuses bytes that hash otherwise)</label>
      <input
        id={shaId}
        name="sha256"
        type="text"
        spellCheck={false}
        autoComplete="off"
        placeholder="64 hex digits"
        value={sha256}
        onChange={(event) => setSha256(event.target.value)}
      />
      <button
        type="submit"
        className="graphiql-button"
        disabled={!file || state.kind === "sending"}
      >
        {state.kind === "sending" ? "Uploading…" : "Upload"}
      </button>
      <output className="kura-upload-status" data-ok={state.kind === "done" ? state.ok : undefined}>
        {state.kind === "done" ? state.summary : ""}
      </output>
    </form>
  );
}

function UploadIcon() {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.5" aria-hidden="true">
      <path d="M12 16V4m0 0-5 5m5-5 5 5" strokeLinecap="round" strokeLinejoin="round" />
      <path d="M4 15v3a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-3" strokeLinecap="round" />
    </svg>
  );
}

/** The upload panel as a GraphiQL sidebar plugin. */
export const uploadPlugin: GraphiQLPlugin = {
  title: "Upload a ZIP",
  icon: UploadIcon,
  content: UploadPanel,
};
