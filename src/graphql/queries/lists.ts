/**
 * The connection fields of a Customer: the domain's list policy (customerListScope) picks which
 * rows a list shows the requester; the per-request loaders serve a page of them, batched with
 * the same list of every other customer in the query.
 */
import type { ClassType } from "type-graphql";
import { buyPlans, LISTS, packagesEligibleFor, type PagedList } from "../../db/repositories/pages";
import type { CustomerRow } from "../../db/schema";
import type { PageRequest } from "../../domain/pagination";
import { customerListScope, type CustomerList, type TreeNode } from "../../domain/visibility";
import type { Context } from "../context";
import { emptyConnection, toConnection, type ConnectionArgs, type ConnectionShape } from "../types/connection.type";
import {
  ApiKeyConnection,
  CustomerConnection,
  OfferConnection,
  PackageConnection,
  RequestConnection,
  SubscriberConnection,
} from "../types/connections";

type Positioned = { id: string; createdAt: Date };

/** A list's loaders are shared per request by name: a name fixes the list's filter. */
interface NamedList {
  name: string;
  list: () => PagedList;
}

/** One page of a parent's list, batched with the same list of every other parent in the query. */
export async function listOf<T extends Positioned, C extends ConnectionShape<T>>(
  ctx: Context,
  Connection: ClassType<C>,
  { name, list }: NamedList,
  parentId: string,
  page: PageRequest,
): Promise<C> {
  const loaders = ctx.loaders.list<T>(name, list);
  const result = await loaders.page.load({ parentId, page });
  return toConnection(Connection, result, page, () => loaders.count.load(parentId));
}

/** The packages a customer is eligible for, listed under their owner (its parent): its Buy packages. */
export function eligiblePackages(eligibleId: string): NamedList {
  return { name: `eligible:${eligibleId}`, list: () => packagesEligibleFor(eligibleId) };
}

interface ListSources {
  Connection: ClassType<ConnectionShape<Positioned>>;
  /** Every row of the customer's list. */
  all: NamedList;
  /** The rows the customer sells to the requester, for the lists that have them. */
  soldTo?: (requesterId: string) => NamedList;
}

const SOURCES: Record<CustomerList, ListSources> = {
  subCustomers: { Connection: CustomerConnection, all: { name: "subCustomers", list: () => LISTS.subCustomers } },
  subscribers: { Connection: SubscriberConnection, all: { name: "subscribers", list: () => LISTS.subscribers } },
  offers: {
    Connection: OfferConnection,
    all: { name: "offers", list: () => LISTS.offers },
    soldTo: (requesterId) => ({ name: "buyPlans", list: () => buyPlans(requesterId) }),
  },
  packages: {
    Connection: PackageConnection,
    all: { name: "packages", list: () => LISTS.packages },
    soldTo: eligiblePackages,
  },
  apiKeys: { Connection: ApiKeyConnection, all: { name: "apiKeys", list: () => LISTS.apiKeys } },
  requests: { Connection: RequestConnection, all: { name: "requests", list: () => LISTS.requests } },
};

/** A page of one of a customer's lists, as much of it as the requester may see; an empty list is not paged. */
export function customerList(ctx: Context, requester: TreeNode, customer: CustomerRow, list: CustomerList, args: ConnectionArgs) {
  const { Connection, all, soldTo } = SOURCES[list];
  const scope = customerListScope(requester, customer, list);
  const source = scope === "all" ? all : scope === "soldToRequester" ? soldTo?.(requester.id) : undefined;
  if (!source) return emptyConnection(Connection);
  return listOf(ctx, Connection, source, customer.id, args.page());
}
