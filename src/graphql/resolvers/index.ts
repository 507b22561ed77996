import { EligibleSubAccountsResolver, OfferResolver, PackageResolver } from "./catalogue.resolver";
import { CustomerResolver } from "./customer.resolver";
import { MutationResolver } from "./mutation.resolver";
import { QueryResolver } from "./query.resolver";
import { SubscriberOfferResolver, SubscriberResolver } from "./subscriber.resolver";

export const RESOLVERS = [
  QueryResolver,
  MutationResolver,
  CustomerResolver,
  OfferResolver,
  PackageResolver,
  EligibleSubAccountsResolver,
  SubscriberResolver,
  SubscriberOfferResolver,
] as const;
