import { EligibleSubAccountsResolver, OfferResolver, PackageResolver } from "./catalogue.resolver";
import { CustomerOwnListsResolver, CustomerResolver } from "./customer.resolver";
import { ManagementResolver } from "./management.resolver";
import { MutationResolver } from "./mutation.resolver";
import { QueryResolver } from "./query.resolver";
import { SubscriberOfferResolver, SubscriberResolver } from "./subscriber.resolver";

export const RESOLVERS = [
  QueryResolver,
  MutationResolver,
  ManagementResolver,
  CustomerResolver,
  CustomerOwnListsResolver,
  OfferResolver,
  PackageResolver,
  EligibleSubAccountsResolver,
  SubscriberResolver,
  SubscriberOfferResolver,
] as const;
