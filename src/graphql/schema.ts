import "reflect-metadata";
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import { buildSchemaSync } from "type-graphql";
import { RESOLVERS } from "./resolvers";

/** Builds the executable schema from the type-graphql classes. */
export function buildApiSchema(): GraphQLSchema {
  const schema = buildSchemaSync({ resolvers: RESOLVERS, validate: false });
  // type-graphql has no option for the root types' descriptions.
  schema.getQueryType()!.description = "What you can read: your account tree, subscribers, packages, requests.";
  schema.getMutationType()!.description = "What you can change. Every mutation answers with a result union and accepts an idempotencyKey.";
  return schema;
}

/** The committed schema.graphql: sorted, so that the file changes only when the API does. */
export function printApiSchema(schema: GraphQLSchema = buildApiSchema()): string {
  return printSchema(lexicographicSortSchema(schema)) + "\n";
}
