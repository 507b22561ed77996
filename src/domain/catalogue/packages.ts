/**
 * Packages (SPEC sections 1 and 2): a named, ordered bundle of the owner's offers, made
 * for the owner's direct sub-accounts.
 */
import { accept, invalid, refuse, type InputIssue, type Reading } from "../refusals";
import { canSeePackage, isDirectSubAccount, type OfferFacts, type PackageFacts, type TreeNode } from "../accounts/visibility";

export const PACKAGE_NAME_MAX = 100;
export const PACKAGE_DESCRIPTION_MAX = 1000;
export const PACKAGE_OFFERS_MAX = 50;
export const PACKAGE_ELIGIBLE_MAX = 1000;

/** Names are unique per owner, compared trimmed and case-insensitively. */
export function packageNameKey(name: string): string {
  return name.trim().normalize("NFC").toLowerCase();
}

export interface PackageInput {
  name: string;
  description?: string | null;
  nestedOfferIds: readonly string[];
  eligibleSubAccounts: { all?: boolean | null; ids?: readonly string[] | null };
}

export interface PackageDraft {
  name: string;
  nameKey: string;
  description: string | null;
  offerIds: string[];
  eligibleAll: boolean;
  eligibleCustomerIds: string[];
}

function repeats(ids: readonly string[], path: string, what: string): InputIssue[] {
  const seen = new Set<string>();
  const issues: InputIssue[] = [];
  ids.forEach((id, i) => {
    if (seen.has(id)) issues.push({ path: `${path}[${i}]`, message: `${what} ${id} is listed twice` });
    seen.add(id);
  });
  return issues;
}

/** Checks the shape of a package input: name, description, offers, eligibility. */
export function readPackageInput(input: PackageInput, prefix = "input"): Reading<PackageDraft> {
  const issues: InputIssue[] = [];
  const name = input.name.trim();
  if (name.length === 0) issues.push({ path: `${prefix}.name`, message: "name must not be empty" });
  if (name.length > PACKAGE_NAME_MAX) {
    issues.push({ path: `${prefix}.name`, message: `name must be at most ${PACKAGE_NAME_MAX} characters` });
  }
  const description = input.description?.trim() || null;
  if (description && description.length > PACKAGE_DESCRIPTION_MAX) {
    issues.push({
      path: `${prefix}.description`,
      message: `description must be at most ${PACKAGE_DESCRIPTION_MAX} characters`,
    });
  }
  const offerIds = [...input.nestedOfferIds];
  if (offerIds.length === 0) {
    issues.push({ path: `${prefix}.nestedOfferIds`, message: "a package needs at least one offer" });
  } else if (offerIds.length > PACKAGE_OFFERS_MAX) {
    issues.push({
      path: `${prefix}.nestedOfferIds`,
      message: `a package holds at most ${PACKAGE_OFFERS_MAX} offers`,
    });
  }
  issues.push(...repeats(offerIds, `${prefix}.nestedOfferIds`, "offer"));

  const { all, ids } = input.eligibleSubAccounts;
  const eligiblePath = `${prefix}.eligibleSubAccounts`;
  const hasAll = all !== null && all !== undefined;
  const hasIds = ids !== null && ids !== undefined;
  if (hasAll === hasIds) {
    issues.push({ path: eligiblePath, message: "give exactly one of { all: true } or { ids: [...] }" });
  } else if (hasAll && all !== true) {
    issues.push({ path: `${eligiblePath}.all`, message: "all must be true; to name no sub-account give ids: []" });
  } else if (hasIds) {
    if (ids.length > PACKAGE_ELIGIBLE_MAX) {
      issues.push({ path: `${eligiblePath}.ids`, message: `at most ${PACKAGE_ELIGIBLE_MAX} sub-accounts` });
    }
    issues.push(...repeats(ids, `${eligiblePath}.ids`, "sub-account"));
  }
  if (issues.length) return refuse(invalid(issues));
  return accept({
    name,
    nameKey: packageNameKey(name),
    description,
    offerIds,
    eligibleAll: all === true,
    eligibleCustomerIds: hasIds ? [...ids] : [],
  });
}

/** What the database knows about the ids a package draft names. */
export interface PackageDraftFacts {
  requester: TreeNode;
  /** The offers found among the draft's offer ids. */
  offers: readonly OfferFacts[];
  /** The customers found among the draft's eligible ids. */
  eligibleCustomers: readonly TreeNode[];
  /** Another package of the owner with the same name key, if any. */
  sameName: { id: string } | null;
}

/**
 * The catalogue rules of createPackage and updatePackage: nested offers are the requester's
 * own regular offers; eligible ids are its direct sub-accounts (never itself); the name is free.
 */
export function checkPackageDraft(draft: PackageDraft, facts: PackageDraftFacts) {
  const offers = new Map(facts.offers.map((o) => [o.id, o]));
  const notOwned = draft.offerIds.filter((id) => offers.get(id)?.ownerId !== facts.requester.id);
  if (notOwned.length) return refuse({ type: "OffersNotOwned", offerIds: notOwned });
  const pools = draft.offerIds.filter((id) => offers.get(id)!.kind === "POOL");
  if (pools.length) return refuse({ type: "PoolOffersNotAllowedInPackage", offerIds: pools });
  const customers = new Map(facts.eligibleCustomers.map((c) => [c.id, c]));
  const notSubAccounts = draft.eligibleCustomerIds.filter((id) => {
    const customer = customers.get(id);
    return !customer || !isDirectSubAccount(facts.requester, customer);
  });
  if (notSubAccounts.length) return refuse({ type: "NotDirectSubAccounts", customerIds: notSubAccounts });
  if (facts.sameName) {
    return refuse({ type: "PackageNameTaken", name: draft.name, packageId: facts.sameName.id });
  }
  return accept(draft);
}

/** Attaching a package attaches its offers; position 0 gets the highest priority. */
export function packageOfferPriorities(offerIds: readonly string[]): { offerId: string; priority: number }[] {
  return offerIds.map((offerId, position) => ({ offerId, priority: offerIds.length - position }));
}

export interface PackageUpdateInput {
  packageId: string;
  name?: string | null;
  description?: string | null;
  nestedOfferIds?: readonly string[] | null;
  eligibleSubAccounts?: { all?: boolean | null; ids?: readonly string[] | null } | null;
}

/**
 * An update changes only the fields given; the result is checked like a new package.
 * description: null or "" clears it.
 */
export function readPackageUpdate(
  input: PackageUpdateInput,
  current: PackageDraft,
  prefix = "input",
): Reading<PackageDraft> {
  const eligible = input.eligibleSubAccounts ?? (current.eligibleAll ? { all: true } : { ids: current.eligibleCustomerIds });
  return readPackageInput(
    {
      name: input.name ?? current.name,
      description: input.description === undefined ? current.description : input.description,
      nestedOfferIds: input.nestedOfferIds ?? current.offerIds,
      eligibleSubAccounts: eligible,
    },
    prefix,
  );
}

/** The given fields of an update on their own, before the package is looked up. */
export function readPackageUpdateShape(input: PackageUpdateInput): Reading<PackageDraft> {
  const anyValid: PackageDraft = {
    name: "-",
    nameKey: "-",
    description: null,
    offerIds: [input.packageId],
    eligibleAll: true,
    eligibleCustomerIds: [],
  };
  return readPackageUpdate(input, anyValid);
}

/**
 * A package the requester may change: its own. Packages it can see (its descendants', and its
 * Buy packages) are named as not its own; any other is not found.
 */
export function checkOwnPackage<P extends PackageFacts & { owner: TreeNode }>(
  requester: TreeNode,
  pkg: P | null,
  packageId: string,
) {
  if (!pkg || !canSeePackage(requester, pkg)) return refuse({ type: "PackageNotFound", packageId });
  if (pkg.ownerId !== requester.id) return refuse({ type: "PackageNotSellPackage", packageId });
  return accept(pkg);
}

/** A package attached to subscribers keeps its offers (they are on those subscribers) and cannot go. */
export function checkNotInUse(packageId: string, subscriberCount: number) {
  return subscriberCount > 0 ? refuse({ type: "PackageInUse", packageId, subscriberCount }) : accept(null);
}
