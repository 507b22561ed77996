/** node and nodes: objects of any kind by id, as instances of their GraphQL types. */
import type { ClassType } from "type-graphql";
import { visibleNode as findVisibleNode, visibleNodes as findVisibleNodes, type FindNodes } from "../../app/nodes";
import type { FoundNode, NodeKind } from "../../app/ports";
import type { TreeNode } from "../../domain/accounts/visibility";
import { issuesOf } from "../../domain/refusals";
import { ApiKey } from "../accounts/api-key.type";
import { Customer } from "../accounts/customer.type";
import { Offer } from "../catalogue/offer.type";
import { Package } from "../catalogue/package.type";
import type { Context } from "../context";
import { inputError } from "../errors/input-error";
import { ExternalParamConfig } from "../external-params/external-param.type";
import { Request } from "../requests/request.type";
import { Subscriber, SubscriberOffer } from "../subscribers/subscriber.type";
import type { Node } from "./node.type";

/** The GraphQL type of each kind: the Node interface tells them apart by class. */
const TYPES: Record<NodeKind, ClassType<Node>> = {
  customer: Customer,
  offer: Offer,
  package: Package,
  subscriber: Subscriber,
  subscriberOffer: SubscriberOffer,
  request: Request,
  apiKey: ApiKey,
  externalParamConfig: ExternalParamConfig,
};

function asNode(found: FoundNode | null): Node | null {
  if (!found) return null;
  // A config's `value` is an asked-for entity's; a lookup by id asks for none.
  const row = found.kind === "externalParamConfig" ? { ...found.row, value: null } : found.row;
  return Object.assign(new TYPES[found.kind](), row);
}

/** Through the request's loader, so that aliased node and nodes fields share one read. */
const finder = (ctx: Context): FindNodes => async (ids) =>
  (await ctx.loaders.node.loadMany(ids)).flatMap((found) => {
    if (found instanceof Error) throw found;
    return found;
  });

/** node(id): null for an id that names nothing the requester may see. */
export async function visibleNode(ctx: Context, requester: TreeNode, id: string): Promise<Node | null> {
  return asNode(await findVisibleNode(finder(ctx), requester, id));
}

/** nodes(ids): position by position; more ids than a call takes is a GraphQL error naming `ids`. */
export async function visibleNodes(ctx: Context, requester: TreeNode, ids: readonly string[]): Promise<(Node | null)[]> {
  const found = await findVisibleNodes(finder(ctx), requester, ids);
  if (!found.ok) throw inputError(issuesOf(found));
  return found.value.map(asNode);
}
