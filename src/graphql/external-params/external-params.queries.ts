/** External parameters as the read API lists them: externalParamsConfig and subscriber search. */
import { entityAnchor, getConfig, searchSubscribers } from "../../db/sqlite/repositories/external-params";
import { paramConfigs, paramValues } from "../../db/sqlite/repositories/pages";
import type { ExternalParamConfigRow } from "../../db/sqlite/schema";
import { checkRequesterIsCustomer } from "../../domain/accounts/accounts";
import { checkEntity, checkSearchKey, type EntityName } from "../../domain/external-params/external-params";
import { toPage } from "../../domain/input/pagination";
import { accept, refuse, type Decision } from "../../domain/refusals";
import type { TreeNode } from "../../domain/accounts/visibility";
import type { Context } from "../context";
import { toConnection, type ConnectionArgs } from "../connection";
import { SubscriberConnection } from "../subscribers/subscriber.type";
import { ExternalParamConfigConnection } from "./external-param.type";

/**
 * externalParamsConfig (SPEC section 2): the requester's configs for the entity's type, each
 * with the entity's value; customerId must be the requester and the entity one it owns.
 */
export async function externalParamsConfig(
  ctx: Context,
  requester: TreeNode,
  ask: { customerId: string; entity: EntityName; entityId: string },
  args: ConnectionArgs,
): Promise<Decision<InstanceType<typeof ExternalParamConfigConnection>>> {
  const page = args.read();
  if (!page.ok) return refuse(page.refusal);
  const customer = checkRequesterIsCustomer(requester, await ctx.loaders.customer.load(ask.customerId), ask.customerId);
  if (!customer.ok) return refuse(customer.refusal);
  const db = ctx.handle.reader;
  const entityType = checkEntity(requester, ask.entity, ask.entityId, entityAnchor(db, ask.entity, ask.entityId));
  if (!entityType.ok) return refuse(entityType.refusal);
  const list = ctx.loaders.list<ExternalParamConfigRow>(`params:${entityType.value}`, () => paramConfigs(entityType.value));
  const configs = await list.page.load({ parentId: requester.id, page: page.value });
  const values = paramValues(db, ask.entityId, configs.rows.map((c) => c.id));
  const rows = configs.rows.map((c) => ({ ...c, value: values.get(c.id) ?? null }));
  return accept(toConnection(ExternalParamConfigConnection, { ...configs, rows }, page.value, () => list.count.load(requester.id)));
}

/**
 * subscribersByExternalParam: the subscribers of the requester and its descendants with a
 * value of one of its searchable SUBSCRIBER parameters (checkSearchKey).
 */
export function subscribersByExternalParam(
  ctx: Context,
  requester: TreeNode,
  ask: { configId: string; value: string },
  args: ConnectionArgs,
): Decision<InstanceType<typeof SubscriberConnection>> {
  const page = args.read();
  if (!page.ok) return refuse(page.refusal);
  const db = ctx.handle.reader;
  const config = checkSearchKey(requester, getConfig(db, ask.configId) ?? null, ask.configId);
  if (!config.ok) return refuse(config.refusal);
  const found = searchSubscribers(db, { configId: ask.configId, value: ask.value, underPath: requester.path }, page.value);
  return accept(toConnection(SubscriberConnection, toPage(found.rows, page.value.first), page.value, async () => found.total()));
}
