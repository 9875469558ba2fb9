/** A GraphQL response as the page shows it. */
export interface GraphQLBody {
  data?: unknown;
  errors?: { message: string; extensions?: { code?: unknown; [key: string]: unknown } }[];
}

/**
 * Reads a response as GraphQL JSON. A body that is not JSON (a proxy's error page, a cut
 * connection) becomes a GraphQL-shaped error, so the result pane always has something to show.
 */
export async function readGraphQLBody(response: Response): Promise<GraphQLBody> {
  const text = await response.text();
  try {
    return JSON.parse(text) as GraphQLBody;
  } catch {
    const excerpt = text.length > 200 ? `${text.slice(0, 200)}…` : text;
    return {
      errors: [
        {
          message:
            `HTTP ${response.status}: the server did not answer with JSON. ${excerpt}`.trim(),
          extensions: { code: "NON_JSON_RESPONSE", status: response.status },
        },
      ],
    };
  }
}
