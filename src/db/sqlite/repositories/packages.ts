import { and, asc, count, eq, inArray, ne, sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { packageOfferPriorities, type PackageDraft } from "../../../domain/catalogue/packages";
import type { PackageFacts, TreeNode } from "../../../domain/accounts/visibility";
import type { Executor } from "../executor";
import { prepared } from "./prepared";
import { preparedOnce } from "../statement-cache";
import {
  customers,
  externalParamConfigs,
  externalParamValues,
  packageEligibleCustomers,
  packageOffers,
  packages,
  subscribers,
  type PackageRow,
  type SubscriberOfferRow,
} from "../schema";
import { treeNodeColumns } from "./customers";
import { isBuyPackageSql } from "./visibility";

/**
 * A package with its ordered offers, its eligibility and its owner's place in the tree, by
 * three statements prepared once per connection (a bulk call reads it once per batch).
 */
export function getPackageFacts(ex: Executor, id: string): (PackageFacts & { owner: TreeNode }) | undefined {
  const row = preparedOnce(ex, "packageFacts", () =>
    ex
      .select({ id: packages.id, ownerId: packages.ownerId, eligibleAll: packages.eligibleAll, owner: treeNodeColumns })
      .from(packages)
      .innerJoin(customers, eq(customers.id, packages.ownerId))
      .where(eq(packages.id, sql.placeholder("id")))
      .prepare(),
  ).get({ id });
  if (!row) return undefined;
  const offerIds = preparedOnce(ex, "packageFacts:offers", () =>
    ex
      .select({ offerId: packageOffers.offerId })
      .from(packageOffers)
      .where(eq(packageOffers.packageId, sql.placeholder("id")))
      .orderBy(asc(packageOffers.position))
      .prepare(),
  )
    .all({ id })
    .map((r) => r.offerId);
  const eligibleCustomerIds = preparedOnce(ex, "packageFacts:eligible", () =>
    ex
      .select({ customerId: packageEligibleCustomers.customerId })
      .from(packageEligibleCustomers)
      .where(eq(packageEligibleCustomers.packageId, sql.placeholder("id")))
      .prepare(),
  )
    .all({ id })
    .map((r) => r.customerId);
  return { ...row, offerIds, eligibleCustomerIds };
}

/** Another package of the owner whose name has the same key. */
export function findPackageByNameKey(
  ex: Executor,
  ownerId: string,
  nameKey: string,
  exceptId?: string,
): { id: string } | undefined {
  return ex
    .select({ id: packages.id })
    .from(packages)
    .where(
      and(eq(packages.ownerId, ownerId), eq(packages.nameKey, nameKey), exceptId ? ne(packages.id, exceptId) : undefined),
    )
    .get();
}

export function insertPackage(
  ex: Executor,
  pkg: { id: string; ownerId: string; draft: PackageDraft; now: Date },
): PackageRow {
  const { draft } = pkg;
  const row = ex
    .insert(packages)
    .values({
      id: pkg.id,
      ownerId: pkg.ownerId,
      name: draft.name,
      nameKey: draft.nameKey,
      description: draft.description,
      eligibleAll: draft.eligibleAll,
      createdAt: pkg.now,
      updatedAt: pkg.now,
    })
    .returning()
    .get();
  writePackageContents(ex, pkg.id, draft);
  return row;
}

/** Writes a package's ordered offers and its eligible sub-accounts. */
export function writePackageContents(ex: Executor, packageId: string, draft: PackageDraft): void {
  ex.insert(packageOffers)
    .values(draft.offerIds.map((offerId, position) => ({ packageId, offerId, position })))
    .run();
  if (draft.eligibleCustomerIds.length) {
    ex.insert(packageEligibleCustomers)
      .values(draft.eligibleCustomerIds.map((customerId) => ({ packageId, customerId })))
      .run();
  }
}

/** The requester has a Buy package (isBuyPackageSql): it is eligible for one of its parent's packages. */
export function hasAllocatedPackage(ex: Executor, requester: TreeNode): boolean {
  if (!requester.parentId) return false;
  const row = ex.select({ id: packages.id }).from(packages).where(isBuyPackageSql(requester)).limit(1).get();
  return row !== undefined;
}

/**
 * Detaches the subscriber's package (its offers with it) and attaches another; priorities
 * follow the new package's order. Used by replace, attach and detach.
 */
export function setSubscriberPackage(
  ex: Executor,
  change: {
    subscriberId: string;
    detachPackageId: string | null;
    attach: { id: string; offerIds: readonly string[] } | null;
    attachedById: string;
    now: Date;
  },
): SubscriberOfferRow[] {
  const statements = prepared(ex);
  if (change.detachPackageId) {
    statements.deletePackageOffers.run({ subscriberId: change.subscriberId, packageId: change.detachPackageId });
  }
  statements.setPackage.run({ subscriberId: change.subscriberId, packageId: change.attach?.id ?? null });
  if (!change.attach) return [];
  const packageId = change.attach.id;
  return packageOfferPriorities(change.attach.offerIds).map(({ offerId, priority }) => {
    const row = {
      id: randomUUID(),
      subscriberId: change.subscriberId,
      offerId,
      priority,
      packageId,
      isPool: false,
      attachedAt: change.now,
      attachedById: change.attachedById,
    };
    statements.insertOffer.run(row);
    return row;
  });
}

/** A package as the draft it was made from (for partial updates). */
export function getPackageDraft(ex: Executor, facts: PackageFacts): PackageDraft {
  const row = ex.select().from(packages).where(eq(packages.id, facts.id)).get()!;
  return {
    name: row.name,
    nameKey: row.nameKey,
    description: row.description,
    offerIds: [...facts.offerIds],
    eligibleAll: row.eligibleAll,
    eligibleCustomerIds: [...facts.eligibleCustomerIds],
  };
}

export function updatePackage(ex: Executor, id: string, draft: PackageDraft, now: Date): PackageRow {
  const row = ex
    .update(packages)
    .set({ name: draft.name, nameKey: draft.nameKey, description: draft.description, eligibleAll: draft.eligibleAll, updatedAt: now })
    .where(eq(packages.id, id))
    .returning()
    .get()!;
  ex.delete(packageOffers).where(eq(packageOffers.packageId, id)).run();
  ex.delete(packageEligibleCustomers).where(eq(packageEligibleCustomers.packageId, id)).run();
  writePackageContents(ex, id, draft);
  return row;
}

/** Deletes a package with its contents and the external parameter values set on it. */
export function deletePackage(ex: Executor, id: string): void {
  const packageConfigs = ex
    .select({ id: externalParamConfigs.id })
    .from(externalParamConfigs)
    .where(eq(externalParamConfigs.entityType, "PACKAGE"));
  ex.delete(externalParamValues)
    .where(and(eq(externalParamValues.entityId, id), inArray(externalParamValues.configId, packageConfigs)))
    .run();
  ex.delete(packages).where(eq(packages.id, id)).run();
}

/** How many subscribers have the package attached. */
export function countSubscribersWith(ex: Executor, packageId: string): number {
  return ex.select({ n: count() }).from(subscribers).where(eq(subscribers.packageId, packageId)).get()!.n;
}
