/**
 * The connection fields of a Customer: the domain's list policy (customerListScope) picks which
 * rows a list shows the requester; the per-request loaders serve a page of them, batched with
 * the same list of every other customer in the query.
 */
import type { ClassType } from "type-graphql";
import type { CustomerRow, ListName } from "../../app/ports";
import type { PageRequest } from "../../domain/input/pagination";
import { customerListScope, type CustomerList, type TreeNode } from "../../domain/accounts/visibility";
import { OfferConnection } from "../catalogue/offer.type";
import { PackageConnection } from "../catalogue/package.type";
import type { Context } from "../context";
import { emptyConnection, listOf, type ConnectionShape, type Positioned } from "../connection";
import { RequestConnection } from "../requests/request.type";
import { SubscriberConnection } from "../subscribers/subscriber.type";
import { ApiKeyConnection } from "./api-key.type";
import { CustomerConnection } from "./customer.type";

interface ListSources {
  Connection: ClassType<ConnectionShape<Positioned>>;
  /** Every row of the customer's list. */
  all: ListName;
  /** The rows the customer sells to the requester, for the lists that have them. */
  soldTo?: (requesterId: string) => ListName;
}

const SOURCES: Record<CustomerList, ListSources> = {
  subCustomers: { Connection: CustomerConnection, all: { list: "subCustomers" } },
  subscribers: { Connection: SubscriberConnection, all: { list: "subscribers" } },
  offers: {
    Connection: OfferConnection,
    all: { list: "offers" },
    soldTo: (requesterId) => ({ list: "buyPlans", requesterId }),
  },
  packages: {
    Connection: PackageConnection,
    all: { list: "packages" },
    soldTo: (requesterId) => ({ list: "packagesEligibleFor", customerId: requesterId }),
  },
  apiKeys: { Connection: ApiKeyConnection, all: { list: "apiKeys" } },
  requests: { Connection: RequestConnection, all: { list: "requests" } },
};

/**
 * The arguments of a list field: the page asked for (ConnectionArgs), and for a list that takes
 * a filter (SubscriberListArgs, RequestListArgs) the list narrowed by it.
 */
interface ListArgs {
  page(): PageRequest;
  narrow?(list: ListName): ListName;
}

/** A page of one of a customer's lists, as much of it as the requester may see; an empty list is not paged. */
export function customerList(ctx: Context, requester: TreeNode, customer: CustomerRow, list: CustomerList, args: ListArgs) {
  const { Connection, all, soldTo } = SOURCES[list];
  const scope = customerListScope(requester, customer, list);
  const source = scope === "all" ? all : scope === "soldToRequester" ? soldTo?.(requester.id) : undefined;
  if (!source) return emptyConnection(Connection);
  const page = args.page();
  return listOf(ctx, Connection, args.narrow?.(source) ?? source, customer.id, page);
}
