import type { GraphiQLProps } from "graphiql";
import type { ExecutionResult } from "graphql";
import { GRAPHQL_ENDPOINT } from "./endpoint";
import { readGraphQLBody } from "./response";

type Fetcher = GraphiQLProps["fetcher"];

/** Sends operations as JSON POSTs to Kura, with the headers from the headers editor. */
export function createFetcher(): Fetcher {
  return async (params, options) => {
    const response = await fetch(GRAPHQL_ENDPOINT, {
      method: "POST",
      headers: {
        accept: "application/graphql-response+json, application/json",
        "content-type": "application/json",
        ...options?.headers,
      },
      body: JSON.stringify(params),
      credentials: "same-origin",
    });
    // The body is the server's formatted execution result (errors as plain JSON objects), which
    // is all GraphiQL renders; its type asks for GraphQLError instances.
    return (await readGraphQLBody(response)) as unknown as ExecutionResult;
  };
}
