/**
 * Reads of many rows at once by id (or by parent id), for the per-request DataLoaders. The ids
 * are bound as one text array, so one statement, prepared once per connection, serves any
 * number of them; each is found through its primary key or its parent's index.
 */
import { asc, eq, sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { Executor } from "../executor";
import {
  customers,
  offers,
  packageEligibleCustomers,
  packageOffers,
  packages,
  requests,
  subscriberOffers,
  subscribers,
} from "../schema";
import { preparedOnce } from "../statement-cache";

/** The column is one of the ids bound as `ids`. */
const inIds = (column: PgColumn): SQL => sql`${column} = any(${sql.placeholder("ids")}::text[])`;

const idsOf = (ids: readonly string[]) => ({ ids: [...new Set(ids)] });

/** Rows of one table by id, in no particular order. */
function byIds<T extends typeof customers | typeof offers | typeof packages | typeof subscribers | typeof requests>(table: T, tableName: string) {
  return async (ex: Executor, ids: readonly string[]): Promise<T["$inferSelect"][]> => {
    if (ids.length === 0) return [];
    const t = table as typeof customers;
    return preparedOnce(ex, `read:${tableName}:byIds`, (name) => ex.select().from(t).where(inIds(t.id)).prepare(name)).execute(idsOf(ids));
  };
}

export const readCustomers = byIds(customers, "customers");
export const readOffers = byIds(offers, "offers");
export const readPackages = byIds(packages, "packages");
export const readSubscribers = byIds(subscribers, "subscribers");
export const readRequests = byIds(requests, "requests");

/** Packages' offers in package order (position 0 first). */
export async function readPackageOffers(ex: Executor, packageIds: readonly string[]) {
  if (packageIds.length === 0) return [];
  return preparedOnce(ex, "read:packageOffers:byPackages", (name) =>
    ex
      .select({ packageId: packageOffers.packageId, offer: offers })
      .from(packageOffers)
      .innerJoin(offers, eq(offers.id, packageOffers.offerId))
      .where(inIds(packageOffers.packageId))
      .orderBy(asc(packageOffers.packageId), asc(packageOffers.position))
      .prepare(name),
  ).execute(idsOf(packageIds));
}

/** The sub-accounts packages list by id. */
export async function readEligibleCustomerIds(ex: Executor, packageIds: readonly string[]) {
  if (packageIds.length === 0) return [];
  return preparedOnce(ex, "read:packageEligibleCustomers:byPackages", (name) =>
    ex.select().from(packageEligibleCustomers).where(inIds(packageEligibleCustomers.packageId)).prepare(name),
  ).execute(idsOf(packageIds));
}

/** Subscribers' offers, highest priority first; offers without a priority last. */
export async function readSubscriberOffers(ex: Executor, subscriberIds: readonly string[]) {
  if (subscriberIds.length === 0) return [];
  return preparedOnce(ex, "read:subscriberOffers:bySubscribers", (name) =>
    ex
      .select()
      .from(subscriberOffers)
      .where(inIds(subscriberOffers.subscriberId))
      .orderBy(sql`${subscriberOffers.priority} desc nulls last`, asc(subscriberOffers.attachedAt), asc(subscriberOffers.id))
      .prepare(name),
  ).execute(idsOf(subscriberIds));
}
