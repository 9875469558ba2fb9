/** The GraphQL endpoint on the origin that served the page: the explorer never talks elsewhere. */
export const GRAPHQL_ENDPOINT = "/graphql";
