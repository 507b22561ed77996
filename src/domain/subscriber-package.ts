/**
 * A subscriber's package: replace (SPEC section 2, bulkReplacePackage items), attach and
 * detach (the same rules, README "Rules").
 * - myPackage=false: the packages are the requester's own; the subscriber belongs to a direct
 *   sub-customer S, and S is eligible for a package being attached.
 * - myPackage=true: the packages are the parent's; the subscriber is the requester's own; the
 *   parent allowed delegation, the requester has at least one package allocated and is
 *   eligible for a package being attached. Missing any of those: SelfServiceNotEligible
 *   (AUTH_1021).
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

export interface PackageChangeInput {
  subscriber: SubscriberIdentifier;
  packageId: string;
  myPackage?: boolean | null;
}

export interface PackageChangeRequest {
  identifier: SubscriberIdentifier;
  packageId: string;
  myPackage: boolean;
}

function readSubscriber(subscriber: SubscriberIdentifier, prefix: string): Decision<SubscriberIdentifier> {
  const issues: InputIssue[] = [];
  const identifier = readIdentifier(subscriber, `${prefix}.subscriber`, issues);
  return identifier ? accept(identifier) : refuse(invalid(issues));
}

export function readReplacePackageItem(item: ReplacePackageItemInput, prefix: string): Decision<ReplacePackageRequest> {
  const identifier = readSubscriber(item.subscriber, prefix);
  if (!identifier.ok) return identifier;
  return accept({
    identifier: identifier.value,
    currentPackageId: item.currentPackageId,
    newPackageId: item.newPackageId,
    myPackage: item.myPackage ?? false,
  });
}

export function readPackageChange(input: PackageChangeInput, prefix = "input"): Decision<PackageChangeRequest> {
  const identifier = readSubscriber(input.subscriber, prefix);
  if (!identifier.ok) return identifier;
  return accept({ identifier: identifier.value, packageId: input.packageId, myPackage: input.myPackage ?? false });
}

export interface PackageChangeFacts {
  requester: Requester;
  /** The requester is eligible for at least one of its parent's packages. */
  hasAllocatedPackage: boolean;
  subscriber: SubscriberFacts | null;
}

type PackageWithOwner = PackageFacts & { owner: TreeNode };

/** Self-service prerequisites, then where the subscriber must be. */
function checkScope(
  request: { identifier: SubscriberIdentifier; myPackage: boolean },
  facts: PackageChangeFacts,
): Decision<SubscriberFacts> {
  if (request.myPackage && !(hasDelegation(facts.requester) && facts.hasAllocatedPackage)) {
    return refuse({ type: "SelfServiceNotEligible" });
  }
  return checkSubscriberScope(facts.requester, request.identifier, facts.subscriber, request.myPackage);
}

/** The package to attach: reachable, the right owner, and the subscriber's customer eligible. */
function checkPackageToAttach(
  requester: Requester,
  subscriber: SubscriberFacts,
  pkg: PackageWithOwner | null,
  packageId: string,
  myPackage: boolean,
): Decision<PackageWithOwner> {
  // The parent's packages are reachable here, eligible or not, so that a self-service caller
  // learns it is not eligible (AUTH_1021) rather than that the package does not exist.
  const reachable = pkg && (isVisible(requester, pkg.owner) || pkg.ownerId === requester.parentId);
  if (!pkg || !reachable) return refuse({ type: "PackageNotFound", packageId });
  if (myPackage) {
    if (pkg.ownerId !== requester.parentId) return refuse({ type: "PackageNotBuyPackage", packageId });
    if (!isEligible(pkg, requester)) return refuse({ type: "SelfServiceNotEligible" });
  } else {
    if (pkg.ownerId !== requester.id) return refuse({ type: "PackageNotSellPackage", packageId });
    if (!isEligible(pkg, subscriber.customer)) {
      return refuse({ type: "SubAccountNotEligible", packageId, customerId: subscriber.customer.id });
    }
  }
  return accept(pkg);
}

function checkAttached(subscriber: SubscriberFacts, packageId: string): Decision<SubscriberFacts> {
  if (subscriber.packageId === packageId) return accept(subscriber);
  return refuse({ type: "CurrentPackageMismatch", currentPackageId: packageId, attachedPackageId: subscriber.packageId });
}

/** Replace: the attached package must be currentPackageId; the same package re-attaches. */
export function decideReplacePackage(
  request: ReplacePackageRequest,
  facts: PackageChangeFacts & { newPackage: PackageWithOwner | null },
): Decision<{ subscriberId: string; newPackage: PackageFacts }> {
  const scope = checkScope(request, facts);
  if (!scope.ok) return scope;
  const attached = checkAttached(scope.value, request.currentPackageId);
  if (!attached.ok) return attached;
  const pkg = checkPackageToAttach(facts.requester, scope.value, facts.newPackage, request.newPackageId, request.myPackage);
  if (!pkg.ok) return pkg;
  return accept({ subscriberId: scope.value.id, newPackage: pkg.value });
}

/** Attach: the subscriber must have no package (replace one with bulkReplacePackage). */
export function decideAttachPackage(
  request: PackageChangeRequest,
  facts: PackageChangeFacts & { package: PackageWithOwner | null },
): Decision<{ subscriberId: string; package: PackageFacts }> {
  const scope = checkScope(request, facts);
  if (!scope.ok) return scope;
  if (scope.value.packageId !== null) {
    return refuse({ type: "PackageAlreadyAttached", attachedPackageId: scope.value.packageId });
  }
  const pkg = checkPackageToAttach(facts.requester, scope.value, facts.package, request.packageId, request.myPackage);
  if (!pkg.ok) return pkg;
  return accept({ subscriberId: scope.value.id, package: pkg.value });
}

/** Detach: packageId must be the attached package; its offers go with it. */
export function decideDetachPackage(
  request: PackageChangeRequest,
  facts: PackageChangeFacts,
): Decision<{ subscriberId: string }> {
  const scope = checkScope(request, facts);
  if (!scope.ok) return scope;
  const attached = checkAttached(scope.value, request.packageId);
  if (!attached.ok) return attached;
  return accept({ subscriberId: scope.value.id });
}
