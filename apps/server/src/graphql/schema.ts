import "reflect-metadata";
import type { GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { EntriesResolver } from "./entries-resolver.js";
import { UploadResolver } from "./upload-resolver.js";
import { UploadStorageResolver } from "./upload-storage-resolver.js";

/** The whole GraphQL schema, built from the decorated resolver classes. */
export function createSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [UploadResolver, UploadStorageResolver, EntriesResolver],
    validate: false,
    emitSchemaFile: false,
  });
}
