import type { CodegenConfig } from "@graphql-codegen/cli";

/**
 * GraphQL Code Generator (`npm run codegen`): typed documents for the example operations
 * (client preset), the possibleTypes map Apollo Client needs for unions and ErrorResult, and the
 * minified introspection urql's Graphcache takes as its schema.
 */
const config: CodegenConfig = {
  schema: "schema.graphql",
  documents: "examples/operations/*.graphql",
  ignoreNoDocuments: false,
  generates: {
    "examples/client/generated/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        scalars: { UUID: "string", DateTimeISO: "string" },
        enumsAsTypes: true,
        useTypeImports: true,
      },
    },
    "examples/client/generated/possible-types.ts": {
      plugins: ["fragment-matcher"],
      config: { apolloClientVersion: 3, useExplicitTyping: true },
    },
    "examples/client/generated/urql-introspection.ts": {
      plugins: ["urql-introspection"],
      config: { module: "es2015" },
    },
  },
};

export default config;
