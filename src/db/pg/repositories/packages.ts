import { and, count, eq, inArray, ne, sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { packageOfferPriorities, type PackageDraft } from "../../../domain/catalogue/packages";
import type { PackageFacts, TreeNode } from "../../../domain/accounts/visibility";
import type { PackageChange } from "../../../app/ports";
import type { Executor } from "../executor";
import {
  customers,
  externalParamConfigs,
  externalParamValues,
  packageEligibleCustomers,
  packageOffers,
  packages,
  subscriberOffers,
  subscribers,
  type PackageRow,
  type SubscriberOfferRow,
} from "../schema";
import { preparedOnce } from "../statement-cache";
import { treeNodeColumns } from "./customers";
import { lockKey, lockKeys } from "./locks";
import { isBuyPackageSql } from "./visibility";

const p = (name: string) => sql.placeholder(name);

/**
 * A package with its ordered offers, its eligibility and its owner's place in the tree, in one
 * statement, its row locked FOR SHARE until the unit of work ends: attaching it (and any other
 * decision on these facts) holds while the owner's change or deletion of the package waits,
 * and a change that committed first is read whole.
 */
export async function getPackageFacts(ex: Executor, id: string): Promise<(PackageFacts & { owner: TreeNode }) | undefined> {
  const statement = preparedOnce(ex, "share:packageFacts", (name) =>
    packageFactsQuery(ex).where(eq(packages.id, p("id"))).for("share", { of: packages }).prepare(name),
  );
  const [row] = await statement.execute({ id });
  return row;
}

/** The facts of many packages (getPackageFacts), locked FOR SHARE in the order of their ids. */
export async function getPackagesFacts(ex: Executor, ids: readonly string[]): Promise<(PackageFacts & { owner: TreeNode })[]> {
  if (ids.length === 0) return [];
  const statement = preparedOnce(ex, "share:packagesFacts", (name) =>
    packageFactsQuery(ex)
      .where(sql`${packages.id} = any(${p("ids")}::text[])`)
      .orderBy(packages.id)
      .for("share", { of: packages })
      .prepare(name),
  );
  return statement.execute({ ids: [...ids] });
}

function packageFactsQuery(ex: Executor) {
  return ex
    .select({
      id: packages.id,
      ownerId: packages.ownerId,
      eligibleAll: packages.eligibleAll,
      owner: treeNodeColumns,
      offerIds: sql<string[]>`array(select ${packageOffers.offerId} from ${packageOffers} where ${packageOffers.packageId} = ${packages.id} order by ${packageOffers.position})`,
      eligibleCustomerIds: sql<string[]>`array(select ${packageEligibleCustomers.customerId} from ${packageEligibleCustomers} where ${packageEligibleCustomers.packageId} = ${packages.id} order by ${packageEligibleCustomers.customerId})`,
    })
    .from(packages)
    .innerJoin(customers, eq(customers.id, packages.ownerId))
    .$dynamic();
}

/** The same facts: the decision taken on `decided` still holds on `current`. */
export function sameFacts(decided: PackageFacts, current: PackageFacts): boolean {
  const ids = (list: readonly string[]) => [...list].sort().join();
  return (
    decided.ownerId === current.ownerId &&
    decided.eligibleAll === current.eligibleAll &&
    decided.offerIds.join() === current.offerIds.join() &&
    ids(decided.eligibleCustomerIds) === ids(current.eligibleCustomerIds)
  );
}

/**
 * Another package of the owner whose name has the same key. The owner's name key is locked
 * first (until the unit ends), so that two units naming packages alike take turns and the
 * second answers PackageNameTaken.
 */
export async function findPackageByNameKey(
  ex: Executor,
  ownerId: string,
  nameKey: string,
  exceptId?: string,
): Promise<{ id: string } | undefined> {
  await lockKey(ex, lockKeys.packageName(ownerId, nameKey));
  const [row] = await ex
    .select({ id: packages.id })
    .from(packages)
    .where(and(eq(packages.ownerId, ownerId), eq(packages.nameKey, nameKey), exceptId ? ne(packages.id, exceptId) : undefined));
  return row;
}

export async function insertPackage(
  ex: Executor,
  pkg: { id: string; ownerId: string; draft: PackageDraft; now: Date },
): Promise<PackageRow> {
  const { draft } = pkg;
  const [row] = await ex
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
    .returning();
  await writePackageContents(ex, pkg.id, draft);
  return row!;
}

/** Writes a package's ordered offers and its eligible sub-accounts. */
export async function writePackageContents(ex: Executor, packageId: string, draft: PackageDraft): Promise<void> {
  await ex.insert(packageOffers).values(draft.offerIds.map((offerId, position) => ({ packageId, offerId, position })));
  if (draft.eligibleCustomerIds.length) {
    await ex.insert(packageEligibleCustomers).values(draft.eligibleCustomerIds.map((customerId) => ({ packageId, customerId })));
  }
}

/** The requester has a Buy package (isBuyPackageSql): it is eligible for one of its parent's packages. */
export async function hasAllocatedPackage(ex: Executor, requester: TreeNode): Promise<boolean> {
  if (!requester.parentId) return false;
  const rows = await ex.select({ id: packages.id }).from(packages).where(isBuyPackageSql(requester)).limit(1);
  return rows.length > 0;
}

/** Thrown when a package changed between the decision to attach it and the attach: nothing is written. */
export class PackageChangedError extends Error {
  constructor(readonly packageId: string) {
    super(`package ${packageId} changed while a unit of work was attaching it`);
    this.name = "PackageChangedError";
  }
}

/**
 * Detaches the subscriber's package (its offers with it) and attaches another; priorities
 * follow the new package's order. Used by replace, attach and detach. The package attached is
 * locked FOR SHARE and read again first: if it is no longer what the decision saw (`decidedOn`,
 * else the offers given), nothing is written and PackageChangedError is thrown, so that a
 * subscriber never carries offers its package no longer holds.
 */
export async function setSubscriberPackage(
  ex: Executor,
  change: {
    subscriberId: string;
    detachPackageId: string | null;
    attach: { id: string; offerIds: readonly string[] } | null;
    attachedById: string;
    now: Date;
  },
  decidedOn?: PackageFacts,
): Promise<SubscriberOfferRow[]> {
  if (change.attach) {
    const current = await getPackageFacts(ex, change.attach.id);
    const still = current && (decidedOn ? sameFacts(decidedOn, current) : current.offerIds.join() === change.attach.offerIds.join());
    if (!still) throw new PackageChangedError(change.attach.id);
  }
  if (change.detachPackageId) {
    await preparedOnce(ex, "write:deletePackageOffers", (name) =>
      ex
        .delete(subscriberOffers)
        .where(and(eq(subscriberOffers.subscriberId, p("subscriberId")), eq(subscriberOffers.packageId, p("packageId"))))
        .prepare(name),
    ).execute({ subscriberId: change.subscriberId, packageId: change.detachPackageId });
  }
  await preparedOnce(ex, "write:setSubscriberPackage", (name) =>
    ex
      .update(subscribers)
      .set({ packageId: sql`${p("packageId")}` })
      .where(eq(subscribers.id, p("subscriberId")))
      .prepare(name),
  ).execute({ subscriberId: change.subscriberId, packageId: change.attach?.id ?? null });
  if (!change.attach) return [];
  const packageId = change.attach.id;
  const rows = packageOfferPriorities(change.attach.offerIds).map(({ offerId, priority }) => ({
    id: randomUUID(),
    subscriberId: change.subscriberId,
    offerId,
    priority,
    packageId,
    isPool: false,
    attachedAt: change.now,
    attachedById: change.attachedById,
  }));
  await ex.insert(subscriberOffers).values(rows);
  return rows;
}

/**
 * setSubscriberPackage for many subscribers (one change each) in three statements, each
 * taking its rows as arrays (unnest): the offers of the packages detached deleted, the
 * packages set, the offers of the packages attached inserted. The packages attached were read
 * by getPackagesFacts in this part of the unit, which holds them FOR SHARE: no check again.
 */
export async function setSubscribersPackages(ex: Executor, changes: readonly PackageChange[]): Promise<void> {
  if (changes.length === 0) return;
  const texts = (values: readonly (string | null)[]) => sql`${sql.param(values)}::text[]`;
  const detached = changes.filter((change) => change.detachPackageId !== null);
  if (detached.length) {
    await ex.execute(
      sql`delete from ${subscriberOffers}
          where (${subscriberOffers.subscriberId}, ${subscriberOffers.packageId}) in
            (select * from unnest(${texts(detached.map((c) => c.subscriberId))}, ${texts(detached.map((c) => c.detachPackageId))}))`,
    );
  }
  await ex.execute(
    sql`update ${subscribers} set package_id = changed.package_id
        from unnest(${texts(changes.map((c) => c.subscriberId))}, ${texts(changes.map((c) => c.attach?.id ?? null))})
          as changed(subscriber_id, package_id)
        where ${subscribers.id} = changed.subscriber_id`,
  );
  const added = changes.flatMap((change) =>
    change.attach
      ? packageOfferPriorities(change.attach.offerIds).map(({ offerId, priority }) => ({ change, offerId, priority }))
      : [],
  );
  if (added.length === 0) return;
  await ex.execute(
    sql`insert into ${subscriberOffers} (id, subscriber_id, offer_id, priority, package_id, is_pool, attached_at, attached_by_id)
        select id, subscriber_id, offer_id, priority, package_id, false, attached_at, attached_by_id
        from unnest(${texts(added.map(() => randomUUID()))}, ${texts(added.map((a) => a.change.subscriberId))},
                    ${texts(added.map((a) => a.offerId))}, ${sql.param(added.map((a) => a.priority))}::int[],
                    ${texts(added.map((a) => a.change.attach!.id))},
                    ${sql.param(added.map((a) => a.change.now.toISOString()))}::timestamptz[],
                    ${texts(added.map((a) => a.change.attachedById))})
          as added(id, subscriber_id, offer_id, priority, package_id, attached_at, attached_by_id)`,
  );
}

/** A package as the draft it was made from (for partial updates). */
export async function getPackageDraft(ex: Executor, facts: PackageFacts): Promise<PackageDraft> {
  const [row] = await ex.select().from(packages).where(eq(packages.id, facts.id));
  return {
    name: row!.name,
    nameKey: row!.nameKey,
    description: row!.description,
    offerIds: [...facts.offerIds],
    eligibleAll: row!.eligibleAll,
    eligibleCustomerIds: [...facts.eligibleCustomerIds],
  };
}

export async function updatePackage(ex: Executor, id: string, draft: PackageDraft, now: Date): Promise<PackageRow> {
  const [row] = await ex
    .update(packages)
    .set({ name: draft.name, nameKey: draft.nameKey, description: draft.description, eligibleAll: draft.eligibleAll, updatedAt: now })
    .where(eq(packages.id, id))
    .returning();
  await ex.delete(packageOffers).where(eq(packageOffers.packageId, id));
  await ex.delete(packageEligibleCustomers).where(eq(packageEligibleCustomers.packageId, id));
  await writePackageContents(ex, id, draft);
  return row!;
}

/** Deletes a package with its contents and the external parameter values set on it. */
export async function deletePackage(ex: Executor, id: string): Promise<void> {
  const packageConfigs = ex
    .select({ id: externalParamConfigs.id })
    .from(externalParamConfigs)
    .where(eq(externalParamConfigs.entityType, "PACKAGE"));
  await ex
    .delete(externalParamValues)
    .where(and(eq(externalParamValues.entityId, id), inArray(externalParamValues.configId, packageConfigs)));
  await ex.delete(packages).where(eq(packages.id, id));
}

/**
 * How many subscribers have the package attached. The package is locked FOR UPDATE first (it
 * is asked only before changing or deleting the package): attaches in progress commit first
 * and are counted, and none starts until this unit ends (they lock it FOR SHARE).
 */
export async function countSubscribersWith(ex: Executor, packageId: string): Promise<number> {
  await ex.select({ id: packages.id }).from(packages).where(eq(packages.id, packageId)).for("update");
  const [row] = await ex.select({ n: count() }).from(subscribers).where(eq(subscribers.packageId, packageId));
  return row!.n;
}
