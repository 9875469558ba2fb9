import "reflect-metadata";
import type { GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { UploadResolver } from "./upload-resolver.js";

/** The whole GraphQL schema, built from the decorated resolver classes. */
export function createSchema(): Promise<GraphQLSchema> {
  return buildSchema({ resolvers: [UploadResolver], validate: false, emitSchemaFile: false });
}
