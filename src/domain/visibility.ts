/**
 * Who may see what (SPEC section 2): a requester sees itself and its descendants. Its parent is
 * a counterparty: known by id and name, seen only through what it sells to the requester (its
 * Buy plans and Buy packages). Every rule that looks an object up by id first asks whether the
 * requester can see it; one it cannot see answers exactly like an id that names nothing.
 */
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

/** The requester itself or one of its descendants. */
export function isVisible(requester: TreeNode, target: { path: string }): boolean {
  return target.path.startsWith(requester.path);
}

export function isDirectSubAccount(requester: TreeNode, target: { parentId: string | null }): boolean {
  return target.parentId === requester.id;
}

/** A package's eligibility: the listed direct sub-accounts, or ALL of them. */
export function isEligible(pkg: PackageFacts, customer: { id: string; parentId: string | null }): boolean {
  if (customer.parentId !== pkg.ownerId) return false;
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
export function isBuyPackage(requester: TreeNode, pkg: PackageFacts): boolean {
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
export function canSeePackage(requester: TreeNode, pkg: PackageFacts & { owner: { path: string } }): boolean {
  return isVisible(requester, pkg.owner) || isBuyPackage(requester, pkg);
}
