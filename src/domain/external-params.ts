/**
 * externalParamsConfig (SPEC section 2; seed get-customer-external-params-config.txt):
 * customerId must be the requester. The entity must be one it owns: itself or a direct
 * sub-account (CUSTOMER), a subscriber of itself or of a direct sub-account (SUBSCRIBER),
 * its own offer (PLAN) or its own package (PACKAGE).
 */
import { accept, refuse, type Decision } from "./refusals";
import { isVisible, type TreeNode } from "./visibility";

export const ENTITY_TYPES = ["CUSTOMER", "SUBSCRIBER", "OFFER", "PACKAGE"] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/** The URL form "plan" names offers. */
export const ENTITY_OF = { CUSTOMER: "CUSTOMER", SUBSCRIBER: "SUBSCRIBER", PLAN: "OFFER", PACKAGE: "PACKAGE" } as const;
export type EntityName = keyof typeof ENTITY_OF;

/**
 * The customer an entity hangs from: the customer itself, a subscriber's customer, or the
 * owner of an offer or package. Null when the entity does not exist.
 */
export type EntityAnchor = { kind: "holder" | "owner"; customer: TreeNode } | null;

export function checkRequesterIsCustomer(
  requester: TreeNode,
  target: TreeNode | null,
  customerId: string,
): Decision<TreeNode> {
  if (!target || !isVisible(requester, target)) return refuse({ type: "CustomerNotFound", customerId });
  if (target.id !== requester.id) return refuse({ type: "CustomerNotRequester", customerId });
  return accept(target);
}

/**
 * Customers and subscribers are held by the requester or a direct sub-account; offers and
 * packages are owned by the requester itself.
 */
export function ownsEntity(requester: TreeNode, anchor: EntityAnchor): boolean {
  if (!anchor) return false;
  if (anchor.kind === "owner") return anchor.customer.id === requester.id;
  return anchor.customer.id === requester.id || anchor.customer.parentId === requester.id;
}

export function checkEntity(
  requester: TreeNode,
  entity: EntityName,
  entityId: string,
  anchor: EntityAnchor,
): Decision<EntityType> {
  if (!ownsEntity(requester, anchor)) return refuse({ type: "EntityNotFound", entity, entityId });
  return accept(ENTITY_OF[entity]);
}
