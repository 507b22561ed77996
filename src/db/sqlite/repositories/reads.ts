/** Batched reads by id, for the per-request DataLoaders. Each returns rows in no particular order. */
import { asc, desc, inArray, sql } from "drizzle-orm";
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

export const readCustomers = (ex: Executor, ids: readonly string[]) =>
  ex.select().from(customers).where(inArray(customers.id, [...ids])).all();

export const readOffers = (ex: Executor, ids: readonly string[]) =>
  ex.select().from(offers).where(inArray(offers.id, [...ids])).all();

export const readPackages = (ex: Executor, ids: readonly string[]) =>
  ex.select().from(packages).where(inArray(packages.id, [...ids])).all();

export const readSubscribers = (ex: Executor, ids: readonly string[]) =>
  ex.select().from(subscribers).where(inArray(subscribers.id, [...ids])).all();

export const readRequests = (ex: Executor, ids: readonly string[]) =>
  ex.select().from(requests).where(inArray(requests.id, [...ids])).all();

/** Packages' offers in package order (position 0 first). */
export const readNestedOffers = (ex: Executor, packageIds: readonly string[]) =>
  ex
    .select({ packageId: packageOffers.packageId, offer: offers })
    .from(packageOffers)
    .innerJoin(offers, sql`${offers.id} = ${packageOffers.offerId}`)
    .where(inArray(packageOffers.packageId, [...packageIds]))
    .orderBy(asc(packageOffers.packageId), asc(packageOffers.position))
    .all();

export const readEligibleCustomerIds = (ex: Executor, packageIds: readonly string[]) =>
  ex
    .select()
    .from(packageEligibleCustomers)
    .where(inArray(packageEligibleCustomers.packageId, [...packageIds]))
    .all();

/** Subscribers' offers, highest priority first; offers without a priority last. */
export const readSubscriberOffers = (ex: Executor, subscriberIds: readonly string[]) =>
  ex
    .select()
    .from(subscriberOffers)
    .where(inArray(subscriberOffers.subscriberId, [...subscriberIds]))
    .orderBy(
      sql`${subscriberOffers.priority} IS NULL`,
      desc(subscriberOffers.priority),
      asc(subscriberOffers.attachedAt),
      asc(subscriberOffers.id),
    )
    .all();
