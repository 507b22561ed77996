/**
 * One bulkReplacePackage item (SPEC section 2; seed bulk-replace-subscriber-package.txt).
 * - myPackage=false: both packages are the requester's own; the subscriber belongs to a direct
 *   sub-customer S, and S is eligible for the new package.
 * - myPackage=true: both packages are the parent's; the subscriber is the requester's own; the
 *   parent allowed delegation, the requester is eligible for the new package and has at least
 *   one package allocated. Missing any of those three: SelfServiceNotEligible (AUTH_1021).
 * - Either way the subscriber's attached package must be currentPackageId. Replacing a package
 *   with itself re-attaches it.
 */
import { checkSubscriberScope, readIdentifier, type SubscriberFacts } from "./attach-offer";
import type { SubscriberIdentifier } from "./identifiers";
import { accept, invalid, refuse, type Decision, type InputIssue } from "./refusals";
import { hasDelegation, type Requester } from "./requester";
import { isEligible, isVisible, type PackageFacts, type TreeNode } from "./visibility";

export interface ReplacePackageItemInput {
  subscriber: SubscriberIdentifier;
  currentPackageId: string;
  newPackageId: string;
  myPackage?: boolean | null;
}

export interface ReplacePackageRequest {
  identifier: SubscriberIdentifier;
  currentPackageId: string;
  newPackageId: string;
  myPackage: boolean;
}

export function readReplacePackageItem(
  item: ReplacePackageItemInput,
  prefix: string,
): Decision<ReplacePackageRequest> {
  const issues: InputIssue[] = [];
  const identifier = readIdentifier(item.subscriber, `${prefix}.subscriber`, issues);
  if (!identifier) return refuse(invalid(issues));
  return accept({
    identifier,
    currentPackageId: item.currentPackageId,
    newPackageId: item.newPackageId,
    myPackage: item.myPackage ?? false,
  });
}

export interface ReplacePackageFacts {
  requester: Requester;
  /** The requester is eligible for at least one of its parent's packages. */
  hasAllocatedPackage: boolean;
  subscriber: SubscriberFacts | null;
  newPackage: (PackageFacts & { owner: TreeNode }) | null;
}

export function decideReplacePackage(
  request: ReplacePackageRequest,
  facts: ReplacePackageFacts,
): Decision<{ subscriberId: string; newPackage: PackageFacts }> {
  const { requester, newPackage } = facts;
  if (request.myPackage && !(hasDelegation(requester) && facts.hasAllocatedPackage)) {
    return refuse({ type: "SelfServiceNotEligible" });
  }
  const scope = checkSubscriberScope(requester, request.identifier, facts.subscriber, request.myPackage);
  if (!scope.ok) return scope;
  const subscriber = scope.value;
  if (subscriber.packageId !== request.currentPackageId) {
    return refuse({
      type: "CurrentPackageMismatch",
      currentPackageId: request.currentPackageId,
      attachedPackageId: subscriber.packageId,
    });
  }
  // The parent's packages are reachable here, eligible or not, so that a self-service caller
  // learns it is not eligible (AUTH_1021) rather than that the package does not exist.
  const reachable =
    newPackage && (isVisible(requester, newPackage.owner) || newPackage.ownerId === requester.parentId);
  if (!newPackage || !reachable) return refuse({ type: "PackageNotFound", packageId: request.newPackageId });
  if (request.myPackage) {
    if (newPackage.ownerId !== requester.parentId) {
      return refuse({ type: "PackageNotBuyPackage", packageId: newPackage.id });
    }
    if (!isEligible(newPackage, requester)) return refuse({ type: "SelfServiceNotEligible" });
  } else {
    if (newPackage.ownerId !== requester.id) return refuse({ type: "PackageNotSellPackage", packageId: newPackage.id });
    if (!isEligible(newPackage, subscriber.customer)) {
      return refuse({ type: "SubAccountNotEligible", packageId: newPackage.id, customerId: subscriber.customer.id });
    }
  }
  return accept({ subscriberId: subscriber.id, newPackage });
}
