/** External parameters as the read API lists them: externalParamsConfig, an entity's externalParams, subscriber search. */
import {
  entityExternalParams,
  type EntityParam,
  type EntityParamReads,
  type ParamEntity,
} from "../../app/external-params/entity-external-params";
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

/** The use case's reads through the request's loaders: every entity of a query shares one read of each kind. */
function loadedReads(ctx: Context): EntityParamReads {
  return {
    customer: (id) => ctx.loaders.customer.load(id),
    configs: (ownerId, entityType) => ctx.loaders.paramConfigs.load({ ownerId, entityType }),
    values: (ownerId, entityType, entityId) => ctx.loaders.paramValues.load({ ownerId, entityType, entityId }),
  };
}

/** An entity's externalParams: the requester's configs of its type with its values, or none on an entity it does not own. */
export function externalParamsOn(ctx: Context, requester: TreeNode, entity: ParamEntity): Promise<EntityParam[]> {
  return entityExternalParams(loadedReads(ctx), requester, entity);
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
