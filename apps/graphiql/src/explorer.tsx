import { GraphiQL, HISTORY_PLUGIN } from "graphiql";
import { EXAMPLE_HEADERS, EXAMPLE_TABS } from "./examples";
import { createFetcher } from "./fetcher";
import { uploadPlugin } from "./upload-plugin";

const fetcher = createFetcher();
const plugins = [HISTORY_PLUGIN, uploadPlugin];

/** GraphiQL for Kura: example operations, the headers editor open, and an upload panel. */
export function Explorer() {
  return (
    <GraphiQL
      fetcher={fetcher}
      plugins={plugins}
      defaultTabs={EXAMPLE_TABS}
      defaultHeaders={EXAMPLE_HEADERS}
      defaultEditorToolsVisibility="headers"
      isHeadersEditorEnabled
      shouldPersistHeaders={false}
    >
      <GraphiQL.Logo>Kura</GraphiQL.Logo>
    </GraphiQL>
  );
}
