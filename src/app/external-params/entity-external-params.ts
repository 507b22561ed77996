/**
 * An entity's externalParams (SPEC section 2, externalParamsConfig's rule): the requester's
 * configs of the entity's type, in list order, each with this entity's value; none on an entity
 * the requester does not own (showsExternalParams).
 */
import type { TreeNode } from "../../domain/accounts/visibility";
import { anchorOf, showsExternalParams, type EntityType } from "../../domain/external-params/external-params";
import type { CustomerRow, ExternalParamConfigRow, OfferRow, PackageRow, SubscriberRow } from "../ports";
import type { ConfigWithValue } from "./external-params-config";

/** An entity as the read API holds it: its type and its row. */
export type ParamEntity =
  | { type: "CUSTOMER"; row: CustomerRow }
  | { type: "SUBSCRIBER"; row: SubscriberRow }
  | { type: "OFFER"; row: OfferRow }
  | { type: "PACKAGE"; row: PackageRow };

/**
 * What the use case reads for one entity. Each read is of one entity, so that the caller can
 * batch them over every entity of a query (the per-request loaders do).
 */
export interface EntityParamReads {
  customer(id: string): Promise<TreeNode | null>;
  /** Every config of an owner for one entity type, in list order. */
  configs(ownerId: string, entityType: EntityType): Promise<ExternalParamConfigRow[]>;
  /** One entity's values of an owner's configs of its type, by config id. */
  values(ownerId: string, entityType: EntityType, entityId: string): Promise<Map<string, string>>;
}

/** One of the requester's configs with one entity's value. */
export interface EntityParam {
  /** The config, its `value` this entity's (ExternalParamConfig.value answers the entity asked about). */
  config: ConfigWithValue;
  value: string | null;
}

/** The customer an entity hangs from: a customer itself, a subscriber's customer, an offer's or package's owner. */
function anchorCustomer(reads: EntityParamReads, entity: ParamEntity): Promise<TreeNode | null> | TreeNode {
  switch (entity.type) {
    case "CUSTOMER":
      return entity.row;
    case "SUBSCRIBER":
      return reads.customer(entity.row.customerId);
    case "OFFER":
    case "PACKAGE":
      return reads.customer(entity.row.ownerId);
  }
}

/** The requester's configs of the entity's type with its values, or none when the requester does not own it. */
export async function entityExternalParams(reads: EntityParamReads, requester: TreeNode, entity: ParamEntity): Promise<EntityParam[]> {
  const anchor = anchorOf(entity.type, await anchorCustomer(reads, entity));
  if (!showsExternalParams(requester, anchor)) return [];
  const [configs, values] = await Promise.all([
    reads.configs(requester.id, entity.type),
    reads.values(requester.id, entity.type, entity.row.id),
  ]);
  return configs.map((config) => {
    const value = values.get(config.id) ?? null;
    return { config: { ...config, value }, value };
  });
}
