import type { GraphQLResolveInfo } from "graphql";
import { Args, Ctx, FieldResolver, Info, Resolver, Root } from "type-graphql";
import type { CustomerRow } from "../../app/ports";
import { OfferConnection } from "../catalogue/offer.type";
import { PackageConnection } from "../catalogue/package.type";
import { ConnectionArgs } from "../connection";
import { CurrentRequester, type AuthenticatedRequester, type Context } from "../context";
import { ExternalParamValue } from "../external-params/external-param.type";
import { externalParamsOn } from "../external-params/external-params.queries";
import { SubscriberListArgs } from "../subscribers/subscriber-list.input";
import { withPackages } from "../subscribers/subscriber-packages";
import { SubscriberConnection } from "../subscribers/subscriber.type";
import { parentOf } from "./accounts.queries";
import { ApiKeyConnection } from "./api-key.type";
import { customerList } from "./customer-lists";
import { Customer, CustomerConnection } from "./customer.type";

/**
 * A customer's relations. What each shows the requester is the domain's list policy
 * (customerListScope): on its parent (a counterparty) only what it offers the requester.
 */
@Resolver(() => Customer)
export class CustomerResolver {
  @FieldResolver(() => Customer, {
    nullable: true,
    description: "The parent account; null for the root and above your own parent.",
  })
  parent(@Root() customer: CustomerRow, @CurrentRequester() requester: AuthenticatedRequester, @Ctx() ctx: Context) {
    return parentOf(ctx, requester, customer);
  }

  @FieldResolver(() => CustomerConnection, { description: "Direct sub-customers (sub-accounts), oldest first." })
  subCustomers(
    @Root() customer: CustomerRow,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
  ) {
    return customerList(ctx, requester, customer, "subCustomers", page);
  }

  @FieldResolver(() => SubscriberConnection, {
    description: "The customer's own subscribers (SIMs), oldest first unless orderBy asks for newest first; filter narrows them.",
  })
  subscribers(
    @Root() customer: CustomerRow,
    @Args(() => SubscriberListArgs) args: SubscriberListArgs,
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return withPackages(ctx, info, customerList(ctx, requester, customer, "subscribers", args));
  }

  @FieldResolver(() => OfferConnection, {
    description: "Offers the customer created (its Sell plans); on your parent, the plans it offers you (your Buy plans).",
  })
  offers(
    @Root() customer: CustomerRow,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
  ) {
    return customerList(ctx, requester, customer, "offers", page);
  }

  @FieldResolver(() => PackageConnection, {
    description: "Packages the customer created; on your parent, the packages you are eligible for (your Buy packages).",
  })
  packages(
    @Root() customer: CustomerRow,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
  ) {
    return customerList(ctx, requester, customer, "packages", page);
  }

  @FieldResolver(() => [ExternalParamValue], {
    description:
      "Your external parameters on this customer: each of your CUSTOMER configs, oldest first, with this customer's value (null when it has none). Empty unless the customer is yourself or a direct sub-account (externalParamsConfig's rule).",
  })
  externalParams(@Root() customer: CustomerRow, @CurrentRequester() requester: AuthenticatedRequester, @Ctx() ctx: Context) {
    return externalParamsOn(ctx, requester, { type: "CUSTOMER", row: customer });
  }

  @FieldResolver(() => ApiKeyConnection, {
    description: "API keys, oldest first: yours, or a direct sub-account's (empty on any other customer).",
  })
  apiKeys(
    @Root() customer: CustomerRow,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
  ) {
    return customerList(ctx, requester, customer, "apiKeys", page);
  }
}
