/**
 * myPackages (SPEC section 2; seed get-my-packages.txt): for the requester itself, its parent's
 * packages it is eligible for (its Buy packages); for a direct sub-customer S, the requester's
 * packages S is eligible for. Anything else: CustomerNotFound (CUSTOMER_1002).
 */
import { accept, refuse } from "../refusals";
import { isDirectSubAccount, isVisible, type TreeNode } from "../accounts/visibility";

/** Packages owned by ownerId for which eligibleId is eligible; ownerId null means none. */
export interface PackageScope {
  ownerId: string | null;
  eligibleId: string;
}

export function decideMyPackagesScope(
  requester: TreeNode,
  target: TreeNode | null,
  customerId: string,
) {
  if (target && target.id === requester.id) return accept<PackageScope>({ ownerId: requester.parentId, eligibleId: requester.id });
  if (target && isVisible(requester, target) && isDirectSubAccount(requester, target)) {
    return accept<PackageScope>({ ownerId: requester.id, eligibleId: target.id });
  }
  return refuse({ type: "CustomerNotFound", customerId });
}
