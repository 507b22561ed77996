import "reflect-metadata";
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import { buildSchemaSync } from "type-graphql";
import { AccountsResolver } from "./accounts/accounts.resolver";
import { CustomerResolver } from "./accounts/customer.resolver";
import { CatalogueResolver } from "./catalogue/catalogue.resolver";
import { OfferResolver } from "./catalogue/offer.resolver";
import { EligibleSubAccountsResolver, PackageResolver } from "./catalogue/package.resolver";
import { ExternalParamsResolver } from "./external-params/external-params.resolver";
import { NodesResolver } from "./nodes/nodes.resolver";
import { CustomerRequestsResolver, RequestsResolver } from "./requests/requests.resolver";
import { SubscriberOfferResolver, SubscriberResolver } from "./subscribers/subscriber.resolver";
import { SubscribersResolver } from "./subscribers/subscribers.resolver";

/** Every resolver class, by area. */
export const RESOLVERS = [
  AccountsResolver,
  CustomerResolver,
  CatalogueResolver,
  OfferResolver,
  PackageResolver,
  EligibleSubAccountsResolver,
  SubscribersResolver,
  SubscriberResolver,
  SubscriberOfferResolver,
  ExternalParamsResolver,
  RequestsResolver,
  CustomerRequestsResolver,
  NodesResolver,
] as const;

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
