import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import { buyPlans, LISTS, packagesEligibleFor, type PagedList } from "../../db/repositories/pages";
import type { CustomerRow } from "../../db/schema";
import { isVisible } from "../../domain/visibility";
import { isReachable, requesterOf, type Context } from "../context";
import { emptyConnection, toConnection, type ConnectionShape } from "../types/connection.type";
import {
  ApiKeyConnection,
  CustomerConnection,
  OfferConnection,
  PackageConnection,
  RequestConnection,
  SubscriberConnection,
} from "../types/connections";
import { Customer } from "../types/customer.type";
import { AFTER, FIRST, pageArgs } from "./guard";


type Positioned = { id: string; createdAt: Date };

/** One page of a customer's list, batched with the same list of every other customer in the query. */
async function listOf<T extends Positioned, C extends ConnectionShape<T>>(
  ctx: Context,
  Connection: new () => C,
  name: string,
  list: () => PagedList,
  parentId: string,
  first: number | null,
  after: string | null,
): Promise<C> {
  const page = pageArgs(first, after);
  const loaders = ctx.loaders.list<T>(name, list);
  const result = await loaders.page.load({ parentId, page });
  return toConnection(Connection, result, page, () => loaders.count.load(parentId));
}

/**
 * A customer's relations. On the requester's parent (a counterparty, not visible) the lists
 * show only what it offers the requester: its Buy plans and Buy packages; no sub-customers,
 * no subscribers.
 */
@Resolver(() => Customer)
export class CustomerResolver {
  @FieldResolver(() => Customer, {
    nullable: true,
    description: "The parent account; null for the root and above your own parent.",
  })
  async parent(@Root() customer: CustomerRow, @Ctx() ctx: Context): Promise<CustomerRow | null> {
    if (!customer.parentId || !isVisible(requesterOf(ctx), customer)) return null;
    return ctx.loaders.customer.load(customer.parentId);
  }

  @FieldResolver(() => CustomerConnection, { description: "Direct sub-customers (sub-accounts), oldest first." })
  subCustomers(
    @Root() customer: CustomerRow,
    @Arg("first", () => Int, FIRST) first: number | null,
    @Arg("after", () => String, AFTER) after: string | null,
    @Ctx() ctx: Context,
  ) {
    if (!isVisible(requesterOf(ctx), customer)) return emptyConnection(CustomerConnection);
    return listOf(ctx, CustomerConnection, "subCustomers", () => LISTS.subCustomers, customer.id, first, after);
  }

  @FieldResolver(() => SubscriberConnection, { description: "The customer's own subscribers (SIMs), oldest first." })
  subscribers(
    @Root() customer: CustomerRow,
    @Arg("first", () => Int, FIRST) first: number | null,
    @Arg("after", () => String, AFTER) after: string | null,
    @Ctx() ctx: Context,
  ) {
    if (!isVisible(requesterOf(ctx), customer)) return emptyConnection(SubscriberConnection);
    return listOf(ctx, SubscriberConnection, "subscribers", () => LISTS.subscribers, customer.id, first, after);
  }

  @FieldResolver(() => OfferConnection, {
    description: "Offers the customer created (its Sell plans); on your parent, the plans it offers you (your Buy plans).",
  })
  offers(
    @Root() customer: CustomerRow,
    @Arg("first", () => Int, FIRST) first: number | null,
    @Arg("after", () => String, AFTER) after: string | null,
    @Ctx() ctx: Context,
  ) {
    const requester = requesterOf(ctx);
    if (isVisible(requester, customer)) {
      return listOf(ctx, OfferConnection, "offers", () => LISTS.offers, customer.id, first, after);
    }
    return listOf(ctx, OfferConnection, "buyPlans", () => buyPlans(requester.id), customer.id, first, after);
  }

  @FieldResolver(() => PackageConnection, {
    description: "Packages the customer created; on your parent, the packages you are eligible for (your Buy packages).",
  })
  packages(
    @Root() customer: CustomerRow,
    @Arg("first", () => Int, FIRST) first: number | null,
    @Arg("after", () => String, AFTER) after: string | null,
    @Ctx() ctx: Context,
  ) {
    const requester = requesterOf(ctx);
    if (isVisible(requester, customer)) {
      return listOf(ctx, PackageConnection, "packages", () => LISTS.packages, customer.id, first, after);
    }
    const name = `eligible:${requester.id}`;
    return listOf(ctx, PackageConnection, name, () => packagesEligibleFor(requester.id), customer.id, first, after);
  }
}

/** Lists only the requester may see of itself: its API keys and its requests. */
@Resolver(() => Customer)
export class CustomerOwnListsResolver {
  @FieldResolver(() => ApiKeyConnection, {
    description: "API keys, oldest first: yours, or a direct sub-account's (empty on any other customer).",
  })
  apiKeys(
    @Root() customer: CustomerRow,
    @Arg("first", () => Int, FIRST) first: number | null,
    @Arg("after", () => String, AFTER) after: string | null,
    @Ctx() ctx: Context,
  ) {
    const requester = requesterOf(ctx);
    const managed = customer.id === requester.id || (customer.parentId === requester.id && isVisible(requester, customer));
    if (!managed) return emptyConnection(ApiKeyConnection);
    return listOf(ctx, ApiKeyConnection, "apiKeys", () => LISTS.apiKeys, customer.id, first, after);
  }

  @FieldResolver(() => RequestConnection, {
    description: "The requests your mutations recorded (empty on any other customer), oldest first.",
  })
  requests(
    @Root() customer: CustomerRow,
    @Arg("first", () => Int, FIRST) first: number | null,
    @Arg("after", () => String, AFTER) after: string | null,
    @Ctx() ctx: Context,
  ) {
    if (customer.id !== requesterOf(ctx).id) return emptyConnection(RequestConnection);
    return listOf(ctx, RequestConnection, "requests", () => LISTS.requests, customer.id, first, after);
  }
}

/** Loads a customer referenced by a visible object; such references are always reachable. */
export async function reachableCustomer(ctx: Context, id: string): Promise<CustomerRow> {
  const customer = await ctx.loaders.customer.load(id);
  if (!customer || !isReachable(ctx, customer)) throw new Error(`customer ${id} is not reachable`);
  return customer;
}
