import type { CodegenConfig } from "@graphql-codegen/cli";

// Types and typed documents for every operation under src/operations, checked against the schema
// the server prints. Documents are plain strings, so the SDK needs no GraphQL parser at runtime.
const config: CodegenConfig = {
  schema: "../../apps/server/schema.graphql",
  documents: "src/operations/**/*.graphql",
  overwrite: true,
  generates: {
    "src/generated/graphql.ts": {
      plugins: ["typescript-operations", "typed-document-node"],
      config: {
        documentMode: "string",
        useTypeImports: true,
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: true },
        scalars: {
          SafeInt: "number",
          DateTimeISO: "string",
          File: "null",
        },
        strictScalars: true,
      },
    },
  },
};

export default config;
