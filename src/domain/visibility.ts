/**
 * Who may see what (SPEC section 2): a requester sees itself and its descendants. Its parent is
 * a counterparty: known by id and name, seen only through what it sells to the requester.
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
