/**
 * externalParamsConfig (SPEC section 2; seed get-customer-external-params-config.txt):
 * customerId must be the requester. The entity must be one it owns: itself or a direct
 * sub-account (CUSTOMER), a subscriber of itself or of a direct sub-account (SUBSCRIBER),
 * its own offer (PLAN) or its own package (PACKAGE). The customerId rule is
 * checkRequesterIsCustomer (accounts.ts).
 */
import { PARAM_DESCRIPTION_MAX, PARAM_NAME_MAX, PARAM_VALUE_MAX, readName, readOptionalText } from "../input/limits";
import { accept, invalid, refuse, type InputIssue, type Reading } from "../refusals";
import { isSelfOrDirectSubAccount, type TreeNode } from "../accounts/visibility";

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

/** How each entity type hangs from its customer: customers and subscribers are held by it, offers and packages owned. */
export const ANCHOR_KIND: Record<EntityType, "holder" | "owner"> = {
  CUSTOMER: "holder",
  SUBSCRIBER: "holder",
  OFFER: "owner",
  PACKAGE: "owner",
};

/**
 * The anchor of an entity of this type from the customer it hangs from (the customer itself, a
 * subscriber's customer, an offer's or package's owner); null when there is none.
 */
export function anchorOf(entityType: EntityType, customer: TreeNode | null | undefined): EntityAnchor {
  return customer ? { kind: ANCHOR_KIND[entityType], customer } : null;
}

/**
 * Customers and subscribers are held by the requester or a direct sub-account; offers and
 * packages are owned by the requester itself.
 */
export function ownsEntity(requester: TreeNode, anchor: EntityAnchor): boolean {
  if (!anchor) return false;
  if (anchor.kind === "owner") return anchor.customer.id === requester.id;
  return isSelfOrDirectSubAccount(requester, anchor.customer);
}

/**
 * An entity's `externalParams` field (SPEC section 2, externalParamsConfig's rule): the
 * requester's configs of the entity's type, with this entity's values, on an entity it owns
 * (ownsEntity). Any other entity it meets through the API (a parent's offer in a Buy package,
 * a grandchild, its parent) shows none: the configs are the requester's, and an empty list
 * says nothing of anyone else's.
 */
export function showsExternalParams(requester: TreeNode, anchor: EntityAnchor): boolean {
  return ownsEntity(requester, anchor);
}

export function checkEntity(
  requester: TreeNode,
  entity: EntityName,
  entityId: string,
  anchor: EntityAnchor,
) {
  if (!ownsEntity(requester, anchor)) return refuse({ type: "EntityNotFound", entity, entityId });
  return accept(ENTITY_OF[entity]);
}

export interface ExternalParamConfigInput {
  name: string;
  displayName?: string | null;
  description?: string | null;
  entityType: EntityType;
  isSearchable: boolean;
}

export interface ExternalParamConfigDraft {
  name: string;
  displayName: string | null;
  description: string | null;
  entityType: EntityType;
  isSearchable: boolean;
}

const PARAM_NAME = /^[A-Za-z][A-Za-z0-9_.-]*$/;

export function readExternalParamConfig(input: ExternalParamConfigInput, prefix = "input"): Reading<ExternalParamConfigDraft> {
  const issues: InputIssue[] = [];
  const name = readName(input.name, `${prefix}.name`, PARAM_NAME_MAX, issues);
  if (name && !PARAM_NAME.test(name)) {
    issues.push({ path: `${prefix}.name`, message: "must start with a letter and hold only letters, digits, _ . -" });
  }
  const displayName = readOptionalText(input.displayName, `${prefix}.displayName`, PARAM_NAME_MAX, issues);
  const description = readOptionalText(input.description, `${prefix}.description`, PARAM_DESCRIPTION_MAX, issues);
  if (issues.length) return refuse(invalid(issues));
  return accept({ name, displayName, description, entityType: input.entityType, isSearchable: input.isSearchable });
}

export function readParamValue(value: string, path = "input.value"): Reading<string> {
  if (value.length === 0) return refuse(invalid([{ path, message: "must not be empty; use clearExternalParamValue to remove a value" }]));
  if (value.length > PARAM_VALUE_MAX) return refuse(invalid([{ path, message: `must be at most ${PARAM_VALUE_MAX} characters` }]));
  return accept(value);
}

export interface ConfigFacts {
  id: string;
  ownerId: string;
  entityType: EntityType;
  isSearchable: boolean;
}

/**
 * The configs a requester can see: its own. A config is used only by its owner (SPEC section 2,
 * externalParamsConfig: `customerId` must be the requester), never by its parent nor a sub-account.
 */
export function canSeeParamConfig(requester: TreeNode, config: { ownerId: string }): boolean {
  return config.ownerId === requester.id;
}

/** A config of the requester's own (canSeeParamConfig); any other is not found. */
export function checkOwnConfig<C extends ConfigFacts>(requester: TreeNode, config: C | null, configId: string) {
  if (!config || !canSeeParamConfig(requester, config)) return refuse({ type: "ExternalParamConfigNotFound", configId });
  return accept(config);
}

/** The entity kind a config's values hang on, in the URL forms of externalParamsConfig. */
export const ENTITY_NAME_OF: Record<EntityType, EntityName> = {
  CUSTOMER: "CUSTOMER",
  SUBSCRIBER: "SUBSCRIBER",
  OFFER: "PLAN",
  PACKAGE: "PACKAGE",
};

/** Subscribers are found only by a searchable parameter of entity type SUBSCRIBER. */
export function checkSearchKey<C extends ConfigFacts>(requester: TreeNode, config: C | null, configId: string) {
  const own = checkOwnConfig(requester, config, configId);
  if (!own.ok) return own;
  if (own.value.entityType !== "SUBSCRIBER") return refuse({ type: "ExternalParamNotForSubscribers", configId });
  if (!own.value.isSearchable) return refuse({ type: "ExternalParamNotSearchable", configId });
  return own;
}
