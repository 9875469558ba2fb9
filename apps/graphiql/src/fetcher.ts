import type { GraphiQLProps } from "graphiql";
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
    return readGraphQLBody(response);
  };
}
