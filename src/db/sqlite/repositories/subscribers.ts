import { eq } from "drizzle-orm";
import type { SubscriberFacts } from "../../../domain/subscribers/attach-offer";
import { IDENTIFIER_COLUMNS, identifierKey, type SubscriberIdentifier } from "../../../domain/subscribers/identifiers";
import { prepared } from "./prepared";
import type { Executor } from "../executor";
import { customers, offers, subscriberOffers, subscribers, type SubscriberOfferRow, type SubscriberRow } from "../schema";
import { treeNodeColumns } from "./customers";

/**
 * Finds a subscriber by one of its identifiers (already normalized), with its customer's
 * place. An IMEI finds its device by either form, 14 or 15 digits.
 */
export function findSubscriber(
  ex: Executor,
  identifier: SubscriberIdentifier,
): (SubscriberFacts & { row: SubscriberRow }) | undefined {
  const found = prepared(ex).subscriberBy[identifier.type].get({ key: identifierKey(identifier) });
  if (!found) return undefined;
  return { id: found.row.id, customer: found.customer, packageId: found.row.packageId, row: found.row };
}

export function getSubscriberOffers(ex: Executor, subscriberId: string): SubscriberOfferRow[] {
  return ex.select().from(subscriberOffers).where(eq(subscriberOffers.subscriberId, subscriberId)).all();
}

/** Another subscriber already has this identifier (normalized), an IMEI in either form. */
export function identifierTaken(ex: Executor, identifier: SubscriberIdentifier): boolean {
  return prepared(ex).subscriberBy[identifier.type].get({ key: identifierKey(identifier) }) !== undefined;
}

export function insertSubscriber(
  ex: Executor,
  subscriber: { id: string; customerId: string; identifiers: readonly SubscriberIdentifier[]; createdAt: Date },
): SubscriberRow {
  const columns = Object.fromEntries(subscriber.identifiers.map((i) => [IDENTIFIER_COLUMNS[i.type], i.value]));
  return ex
    .insert(subscribers)
    .values({ id: subscriber.id, customerId: subscriber.customerId, createdAt: subscriber.createdAt, packageId: null, ...columns })
    .returning()
    .get();
}

/** An offer instance with its subscriber's place in the tree and its offer. */
export function getSubscriberOfferFacts(ex: Executor, id: string) {
  const found = ex
    .select({
      instance: subscriberOffers,
      subscriber: subscribers,
      customer: treeNodeColumns,
      offer: { id: offers.id, ownerId: offers.ownerId, kind: offers.kind, poolCustomerId: offers.poolCustomerId },
    })
    .from(subscriberOffers)
    .innerJoin(subscribers, eq(subscribers.id, subscriberOffers.subscriberId))
    .innerJoin(customers, eq(customers.id, subscribers.customerId))
    .innerJoin(offers, eq(offers.id, subscriberOffers.offerId))
    .where(eq(subscriberOffers.id, id))
    .get();
  if (!found) return undefined;
  return {
    id: found.instance.id,
    packageId: found.instance.packageId,
    offer: found.offer,
    subscriber: { id: found.subscriber.id, customer: found.customer, packageId: found.subscriber.packageId },
  };
}

export function deleteSubscriberOffer(ex: Executor, id: string): void {
  ex.delete(subscriberOffers).where(eq(subscriberOffers.id, id)).run();
}

export function getSubscriber(ex: Executor, id: string): SubscriberRow | undefined {
  return ex.select().from(subscribers).where(eq(subscribers.id, id)).get();
}
