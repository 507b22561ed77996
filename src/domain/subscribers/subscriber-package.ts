/**
 * A subscriber's package: replace (SPEC section 2, bulkReplacePackage items), attach and
 * detach (the same rules, README "Rules").
 * - myPackage=false: the packages are the requester's own; the subscriber belongs to a direct
 *   sub-customer S, and S is eligible for a package being attached.
 * - myPackage=true: the packages are the parent's; the subscriber is the requester's own; the
 *   parent allowed delegation, the requester has at least one package allocated and is
 *   eligible for a package being attached. Missing any of those: SelfServiceNotEligible
 *   (AUTH_1021).
 * A package the requester cannot see answers exactly like an id that names nothing.
 */
import { checkSubscriberScope, readIdentifier, type SubscriberFacts } from "./attach-offer";
import type { SubscriberIdentifier } from "./identifiers";
import { accept, invalid, refuse, type InputIssue, type Reading } from "../refusals";
import { hasDelegation, type Requester } from "../accounts/requester";
import { canSeePackage, isBuyPackage, isEligible, type PackageFacts, type TreeNode } from "../accounts/visibility";

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

function readSubscriber(subscriber: SubscriberIdentifier, prefix: string): Reading<SubscriberIdentifier> {
  const issues: InputIssue[] = [];
  const identifier = readIdentifier(subscriber, `${prefix}.subscriber`, issues);
  return identifier ? accept(identifier) : refuse(invalid(issues));
}

export function readReplacePackageItem(item: ReplacePackageItemInput, prefix: string): Reading<ReplacePackageRequest> {
  const identifier = readSubscriber(item.subscriber, prefix);
  if (!identifier.ok) return identifier;
  return accept({
    identifier: identifier.value,
    currentPackageId: item.currentPackageId,
    newPackageId: item.newPackageId,
    myPackage: item.myPackage ?? false,
  });
}

export function readPackageChange(input: PackageChangeInput, prefix = "input"): Reading<PackageChangeRequest> {
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
) {
  if (request.myPackage && !(hasDelegation(facts.requester) && facts.hasAllocatedPackage)) {
    return refuse({ type: "SelfServiceNotEligible" });
  }
  return checkSubscriberScope(facts.requester, request.identifier, facts.subscriber, request.myPackage);
}

/**
 * The package to attach: one the requester can see (its own and its descendants', and its Buy
 * packages), of the right owner, and the subscriber's customer eligible. Any other id answers
 * exactly like an unknown one: PackageNotFound, or with myPackage SelfServiceNotEligible, since
 * a parent's package the requester is not eligible for (AUTH_1021 per SPEC) must not be told
 * apart from an id that names nothing.
 */
function checkPackageToAttach(
  requester: Requester,
  subscriber: SubscriberFacts,
  pkg: PackageWithOwner | null,
  packageId: string,
  myPackage: boolean,
) {
  const seen = pkg && canSeePackage(requester, pkg) ? pkg : null;
  if (myPackage) {
    if (!seen) return refuse({ type: "SelfServiceNotEligible" });
    if (!isBuyPackage(requester, seen)) return refuse({ type: "PackageNotBuyPackage", packageId });
    return accept(seen);
  }
  if (!seen) return refuse({ type: "PackageNotFound", packageId });
  if (seen.ownerId !== requester.id) return refuse({ type: "PackageNotSellPackage", packageId });
  if (!isEligible(seen, subscriber.customer)) {
    return refuse({ type: "SubAccountNotEligible", packageId, customerId: subscriber.customer.id });
  }
  return accept(seen);
}

function checkAttached(subscriber: SubscriberFacts, packageId: string) {
  if (subscriber.packageId === packageId) return accept(subscriber);
  return refuse({ type: "CurrentPackageMismatch", currentPackageId: packageId, attachedPackageId: subscriber.packageId });
}

/** Replace: the attached package must be currentPackageId; the same package re-attaches. */
export function decideReplacePackage(
  request: ReplacePackageRequest,
  facts: PackageChangeFacts & { newPackage: PackageWithOwner | null },
) {
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
) {
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
) {
  const scope = checkScope(request, facts);
  if (!scope.ok) return scope;
  const attached = checkAttached(scope.value, request.packageId);
  if (!attached.ok) return attached;
  return accept({ subscriberId: scope.value.id });
}
