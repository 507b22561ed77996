/**
 * Who may see what (SPEC section 2): a requester sees itself and its descendants. Its parent is
 * a counterparty: known by id and name, seen only through what it sells to the requester (its
 * Buy plans and Buy packages). Every rule that looks an object up by id first asks whether the
 * requester can see it; one it cannot see answers exactly like an id that names nothing.
 */
import { isRequestOwner } from "../requests/requests";

export interface TreeNode {
  id: string;
  parentId: string | null;
  /** "/root/…/self/" */
  path: string;
}

export interface OfferFacts {
  id: string;
  ownerId: string;
  kind: "REGULAR" | "POOL";
  poolCustomerId: string | null;
}

export interface PackageFacts {
  id: string;
  ownerId: string;
  eligibleAll: boolean;
  eligibleCustomerIds: readonly string[];
  /** Nested offers, position 0 first. */
  offerIds: readonly string[];
}

/** What eligibility is decided on: the owner, and ALL or the listed sub-accounts. */
export type PackageEligibility = Pick<PackageFacts, "ownerId" | "eligibleAll" | "eligibleCustomerIds">;

/** The requester itself or one of its descendants. */
export function isVisible(requester: TreeNode, target: { path: string }): boolean {
  return target.path.startsWith(requester.path);
}

/**
 * `child` is a direct sub-account of `parent` (SPEC section 1: a sub-customer is a direct
 * child). Read the other way round, `parent` is the counterparty above `child`.
 */
export function isDirectSubAccount(parent: { id: string }, child: { parentId: string | null }): boolean {
  return child.parentId === parent.id;
}

/**
 * The requester itself or one of its direct sub-accounts: where new subscribers go, whose API
 * keys it manages, whose customers and subscribers hold its external parameter values (SPEC
 * section 2, externalParamsConfig). A customer that names the requester as parent but lies
 * outside its tree is neither: facts that disagree never open another tenant's customer.
 */
export function isSelfOrDirectSubAccount(requester: TreeNode, target: TreeNode): boolean {
  return isVisible(requester, target) && (target.id === requester.id || isDirectSubAccount(requester, target));
}

/**
 * A customer the requester may meet as a node (README "Rules", Visibility): itself, a
 * descendant, or its parent, a counterparty (the owner of its Buy plans, `viewer.parent`).
 */
export function isReachable(requester: TreeNode, customer: TreeNode): boolean {
  return isVisible(requester, customer) || isDirectSubAccount(customer, requester);
}

/**
 * Customer.parent (README "Rules", Visibility): the parent of a visible customer; none above
 * the requester's own parent, whose `parent` is null.
 */
export function shownParentId(requester: TreeNode, customer: TreeNode): string | null {
  return isVisible(requester, customer) ? customer.parentId : null;
}

/** The connection fields of a Customer. */
export type CustomerList = "subCustomers" | "subscribers" | "offers" | "packages" | "apiKeys" | "requests";

/**
 * What a list shows: all of the customer's rows; only those it sells to the requester (its
 * Buy plans, its Buy packages); or nothing.
 */
export type ListScope = "all" | "soldToRequester" | "none";

/**
 * The counterparty list policy (SPEC section 2; README "Rules", Visibility): on a visible
 * customer every list is whole; on the requester's parent `offers` are the requester's Buy
 * plans, `packages` its Buy packages, and `subCustomers` and `subscribers` are empty. API keys
 * show on the requester and its direct sub-accounts only (the keys it manages); requests on the
 * requester only (request(id): only the requester that caused it).
 */
export function customerListScope(requester: TreeNode, customer: TreeNode, list: CustomerList): ListScope {
  switch (list) {
    case "subCustomers":
    case "subscribers":
      return isVisible(requester, customer) ? "all" : "none";
    case "offers":
    case "packages":
      if (isVisible(requester, customer)) return "all";
      return isDirectSubAccount(customer, requester) ? "soldToRequester" : "none";
    case "apiKeys":
      return canSeeApiKey(requester, { holder: customer }) ? "all" : "none";
    case "requests":
      // A customer's requests are those it caused.
      return isRequestOwner(requester, { requesterId: customer.id }) ? "all" : "none";
  }
}

/** A package's eligibility: the listed direct sub-accounts, or ALL of them. */
export function isEligible(pkg: PackageEligibility, customer: { id: string; parentId: string | null }): boolean {
  if (!isDirectSubAccount({ id: pkg.ownerId }, customer)) return false;
  return pkg.eligibleAll || pkg.eligibleCustomerIds.includes(customer.id);
}

/** A parent's offer that is a Buy plan of the requester: regular, or a pool plan made for it. */
export function isBuyPlan(requester: TreeNode, offer: OfferFacts): boolean {
  return (
    requester.parentId !== null &&
    offer.ownerId === requester.parentId &&
    (offer.kind === "REGULAR" || offer.poolCustomerId === requester.id)
  );
}

/** A parent's package the requester is eligible for: a Buy package of the requester. */
export function isBuyPackage(requester: TreeNode, pkg: PackageEligibility): boolean {
  return requester.parentId !== null && pkg.ownerId === requester.parentId && isEligible(pkg, requester);
}

/** The offers a requester can see: its own and its descendants', and its Buy plans. */
export function canSeeOffer(requester: TreeNode, offer: OfferFacts & { owner: { path: string } }): boolean {
  return isVisible(requester, offer.owner) || isBuyPlan(requester, offer);
}

/**
 * The packages a requester can see: its own and its descendants', and its Buy packages. A
 * parent's package it is not eligible for is as unknown to it as another tenant's.
 */
export function canSeePackage(requester: TreeNode, pkg: PackageEligibility & { owner: { path: string } }): boolean {
  return isVisible(requester, pkg.owner) || isBuyPackage(requester, pkg);
}

/**
 * The subscribers a requester can see (SPEC section 2: visible means itself or a descendant):
 * those of itself and of its descendants, as subscriber(identifier) finds them. Its parent's
 * SIMs are never sold to it, so a counterparty's are as unknown as another tenant's.
 */
export function canSeeSubscriber(requester: TreeNode, subscriber: { customer: { path: string } }): boolean {
  return isVisible(requester, subscriber.customer);
}

/**
 * The offer instances a requester can see: those on a subscriber it can see (Subscriber.offers),
 * whoever owns the offer.
 */
export function canSeeSubscriberOffer(requester: TreeNode, instance: { subscriber: { customer: { path: string } } }): boolean {
  return canSeeSubscriber(requester, instance.subscriber);
}

/**
 * The API keys a requester can see: its own and its direct sub-accounts', the keys it manages
 * (README "Rules": a customer creates and revokes them, Customer.apiKeys lists them).
 */
export function canSeeApiKey(requester: TreeNode, key: { holder: TreeNode }): boolean {
  return isSelfOrDirectSubAccount(requester, key.holder);
}
