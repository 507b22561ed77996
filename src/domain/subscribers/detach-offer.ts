/**
 * detachOffer: who may attach an offer instance may detach it (SPEC section 2, attachOffer
 * rows). So a pool plan's instance is detached only by the plan's owner, never through
 * self-service, not even by the sub-account it was made for (PoolPlanNotSelfService). An
 * instance that came with a package goes only with its package, so a subscriber with a
 * package always has exactly that package's offers.
 */
import type { SubscriberFacts } from "./attach-offer";
import { accept, refuse } from "../refusals";
import { hasDelegation, type Requester } from "../accounts/requester";
import { canSeeSubscriberOffer, isBuyPlan, isDirectSubAccount, type OfferFacts } from "../accounts/visibility";

export interface DetachOfferFacts {
  requester: Requester;
  instance: { id: string; packageId: string | null; subscriber: SubscriberFacts; offer: OfferFacts } | null;
}

export function decideDetachOffer(
  request: { subscriberOfferId: string; myOffer: boolean },
  facts: DetachOfferFacts,
) {
  const { requester, instance } = facts;
  if (request.myOffer && !hasDelegation(requester)) return refuse({ type: "ParentPlanNotAllowed" });
  if (!instance || !canSeeSubscriberOffer(requester, instance)) {
    return refuse({ type: "SubscriberOfferNotFound", subscriberOfferId: request.subscriberOfferId });
  }
  const customer = instance.subscriber.customer;
  if (request.myOffer && customer.id !== requester.id) {
    return refuse({ type: "SubscriberNotOwn", subscriberId: instance.subscriber.id });
  }
  if (!request.myOffer && !isDirectSubAccount(requester, customer)) {
    return refuse({ type: "SubscriberNotInSubAccount", subscriberId: instance.subscriber.id });
  }
  if (!request.myOffer && instance.offer.ownerId !== requester.id) {
    return refuse({ type: "OfferNotSellPlan", offerId: instance.offer.id });
  }
  if (request.myOffer && !isBuyPlan(requester, instance.offer)) {
    return refuse({ type: "OfferNotBuyPlan", offerId: instance.offer.id });
  }
  if (request.myOffer && instance.offer.kind === "POOL") {
    return refuse({ type: "PoolPlanNotSelfService", offerId: instance.offer.id });
  }
  if (instance.packageId) {
    return refuse({ type: "OfferCameWithPackage", subscriberOfferId: instance.id, packageId: instance.packageId });
  }
  return accept({ subscriberOfferId: instance.id, subscriberId: instance.subscriber.id });
}
