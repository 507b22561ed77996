import { eq } from "drizzle-orm";
import type { SubscriberFacts } from "../../domain/attach-offer";
import { IDENTIFIER_COLUMNS, type SubscriberIdentifier } from "../../domain/identifiers";
import type { Executor } from "../executor";
import { customers, subscriberOffers, subscribers, type SubscriberOfferRow, type SubscriberRow } from "../schema";

/** Finds a subscriber by one of its identifiers (already normalized), with its customer's place. */
export function findSubscriber(
  ex: Executor,
  identifier: SubscriberIdentifier,
): (SubscriberFacts & { row: SubscriberRow }) | undefined {
  const column = subscribers[IDENTIFIER_COLUMNS[identifier.type]];
  const found = ex
    .select({
      row: subscribers,
      customer: { id: customers.id, parentId: customers.parentId, path: customers.path },
    })
    .from(subscribers)
    .innerJoin(customers, eq(customers.id, subscribers.customerId))
    .where(eq(column, identifier.value))
    .get();
  if (!found) return undefined;
  return { id: found.row.id, customer: found.customer, packageId: found.row.packageId, row: found.row };
}

export function getSubscriberOffers(ex: Executor, subscriberId: string): SubscriberOfferRow[] {
  return ex.select().from(subscriberOffers).where(eq(subscriberOffers.subscriberId, subscriberId)).all();
}
