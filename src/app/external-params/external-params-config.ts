/** externalParamsConfig (SPEC section 2): the requester's configs for an entity's type, each with the entity's value. */
import { checkRequesterIsCustomer } from "../../domain/accounts/accounts";
import type { TreeNode } from "../../domain/accounts/visibility";
import { checkEntity, type EntityName } from "../../domain/external-params/external-params";
import { readPage } from "../../domain/input/pagination";
import { accept, invalid, refuse } from "../../domain/refusals";
import type { ExternalParamConfigRow, ListPage, PageArgs, ReadStore } from "../ports";

export type ConfigWithValue = ExternalParamConfigRow & { value: string | null };

/**
 * A page of the requester's configs of the entity's type, each with the entity's value:
 * customerId must be the requester (checkRequesterIsCustomer) and the entity one it owns
 * (checkEntity).
 */
export async function externalParamsConfig(
  reads: ReadStore,
  requester: TreeNode,
  ask: { customerId: string; entity: EntityName; entityId: string },
  args: PageArgs,
) {
  const read = readPage(args.first, args.after);
  if (!read.ok) return refuse(invalid(read.issues));
  const request = read.page;
  const [target] = await reads.customers.byIds([ask.customerId]);
  const customer = checkRequesterIsCustomer(requester, target ?? null, ask.customerId);
  if (!customer.ok) return refuse(customer.refusal);
  const entityType = checkEntity(requester, ask.entity, ask.entityId, await reads.externalParams.entityAnchor(ask.entity, ask.entityId));
  if (!entityType.ok) return refuse(entityType.refusal);
  const list = { list: "paramConfigs", entityType: entityType.value } as const;
  const configs = (await reads.lists.pages(list, [requester.id], request)).get(requester.id) ?? { rows: [], hasNextPage: false };
  const values = await reads.externalParams.values(ask.entityId, configs.rows.map((c) => c.id));
  return accept<ListPage<ConfigWithValue>>({
    request,
    page: { ...configs, rows: configs.rows.map((c) => ({ ...c, value: values.get(c.id) ?? null })) },
    totalCount: async () => (await reads.lists.counts(list, [requester.id])).get(requester.id) ?? 0,
  });
}
