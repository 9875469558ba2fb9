import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import type { GraphQLSchema } from "graphql";
import type { Logger } from "../log/logger.js";
import type { RequestContext } from "./context.js";
import { createErrorFormatter, statusForErrors } from "./format-error.js";

// A response whose errors left no data answers with the status the error catalogue gives its code.
const statusFromErrors: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== "single") return;

        const { data, errors } = response.body.singleResult;
        if (errors?.length && (data === null || data === undefined) && !response.http.status) {
          response.http.status = statusForErrors(errors);
        }
      },
    };
  },
};

export async function createApollo(
  schema: GraphQLSchema,
  logger: Logger,
): Promise<ApolloServer<RequestContext>> {
  const apollo = new ApolloServer<RequestContext>({
    schema,
    csrfPrevention: true,
    // Apollo would stop itself and re-raise SIGTERM, killing the process before in-flight uploads
    // finish; the server's own shutdown stops Apollo once requests have drained.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    formatError: createErrorFormatter(logger),
    plugins: [ApolloServerPluginLandingPageDisabled(), statusFromErrors],
    logger: {
      debug: (m) => logger.debug({ event: "graphql.apollo" }, String(m)),
      info: (m) => logger.info({ event: "graphql.apollo" }, String(m)),
      warn: (m) => logger.warn({ event: "graphql.apollo" }, String(m)),
      error: (m) => logger.error({ event: "graphql.apollo" }, String(m)),
    },
  });
  await apollo.start();
  return apollo;
}
