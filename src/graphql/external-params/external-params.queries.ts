/** External parameters as the read API lists them: externalParamsConfig and subscriber search. */
import { externalParamsConfig as listConfigs } from "../../app/external-params/external-params-config";
import { subscribersByExternalParam as searchSubscribers } from "../../app/external-params/subscribers-by-external-param";
import type { TreeNode } from "../../domain/accounts/visibility";
import type { EntityName } from "../../domain/external-params/external-params";
import { accept } from "../../domain/refusals";
import type { Context } from "../context";
import { connectionOf, type ConnectionArgs } from "../connection";
import { SubscriberConnection } from "../subscribers/subscriber.type";
import { ExternalParamConfigConnection } from "./external-param.type";

/** externalParamsConfig (SPEC section 2): a page of the requester's configs for the entity's type, with its values. */
export async function externalParamsConfig(
  ctx: Context,
  requester: TreeNode,
  ask: { customerId: string; entity: EntityName; entityId: string },
  args: ConnectionArgs,
) {
  const found = await listConfigs(ctx.reads, requester, ask, args);
  return found.ok ? accept(connectionOf(ExternalParamConfigConnection, found.value)) : found;
}

/** subscribersByExternalParam: a page of the subscribers a search by a parameter's value finds. */
export async function subscribersByExternalParam(
  ctx: Context,
  requester: TreeNode,
  ask: { configId: string; value: string },
  args: ConnectionArgs,
) {
  const found = await searchSubscribers(ctx.reads, requester, ask, args);
  return found.ok ? accept(connectionOf(SubscriberConnection, found.value)) : found;
}
