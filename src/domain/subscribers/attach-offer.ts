/**
 * attachOffer (SPEC section 2; seed attach-subscriber-offer.txt).
 * - myOffer=false: the offer is the requester's own (a Sell plan); the subscriber belongs to a
 *   direct sub-customer.
 * - myOffer=true: the offer is a REGULAR Buy plan from the requester's parent, the subscriber is
 *   the requester's own, and the parent allowed offer delegation (else ParentPlanNotAllowed).
 * - A POOL plan is attached only by its owner (myOffer=false), never through self-service, not
 *   even by the sub-account it was made for (PoolPlanNotSelfService); and only onto a subscriber
 *   of the sub-account it was made for, once per subscriber.
 * - A priority already held by another offer on the subscriber is refused: the platform leaves
 *   that to the caller, we protect the caller.
 */
import { normalizeIdentifier, type SubscriberIdentifier } from "./identifiers";
import { accept, invalid, refuse, type InputIssue, type Reading } from "../refusals";
import { hasDelegation, type Requester } from "../accounts/requester";
import { canSeeOffer, canSeeSubscriber, isBuyPlan, isDirectSubAccount, type OfferFacts, type TreeNode } from "../accounts/visibility";

export const PRIORITY_MAX = 1_000_000;

export interface AttachOfferInput {
  subscriber: SubscriberIdentifier;
  offerId: string;
  priority?: number | null;
  myOffer?: boolean | null;
}

export interface AttachOfferRequest {
  identifier: SubscriberIdentifier;
  offerId: string;
  priority: number | null;
  myOffer: boolean;
}

/** Checks the identifier's format and the priority's range. */
export function readAttachOfferInput(input: AttachOfferInput, prefix = "input"): Reading<AttachOfferRequest> {
  const issues: InputIssue[] = [];
  const identifier = readIdentifier(input.subscriber, `${prefix}.subscriber`, issues);
  const priority = input.priority ?? null;
  if (priority !== null && (!Number.isInteger(priority) || priority < 0 || priority > PRIORITY_MAX)) {
    issues.push({ path: `${prefix}.priority`, message: `priority must be between 0 and ${PRIORITY_MAX}` });
  }
  if (issues.length) return refuse(invalid(issues));
  return accept({ identifier: identifier!, offerId: input.offerId, priority, myOffer: input.myOffer ?? false });
}

/** Normalizes an identifier, or records why it is malformed. */
export function readIdentifier(
  identifier: SubscriberIdentifier,
  path: string,
  issues: InputIssue[],
): SubscriberIdentifier | null {
  const checked = normalizeIdentifier(identifier.type, identifier.value);
  if (!checked.ok) {
    issues.push({ path: `${path}.value`, message: checked.reason });
    return null;
  }
  return { type: identifier.type, value: checked.value };
}

export interface SubscriberFacts {
  id: string;
  customer: TreeNode;
  packageId: string | null;
}

export interface AttachOfferFacts {
  requester: Requester;
  subscriber: SubscriberFacts | null;
  offer: (OfferFacts & { owner: TreeNode }) | null;
  /** The offers already on the subscriber. */
  existing: readonly { id: string; offerId: string; priority: number | null }[];
}

/** Where the subscriber must be: a direct sub-customer's (Sell) or the requester's own (self-service). */
export function checkSubscriberScope(
  requester: Requester,
  identifier: SubscriberIdentifier,
  subscriber: SubscriberFacts | null,
  selfService: boolean,
) {
  if (!subscriber || !canSeeSubscriber(requester, subscriber)) {
    return refuse({ type: "SubscriberNotFound", identifier });
  }
  if (selfService && subscriber.customer.id !== requester.id) {
    return refuse({ type: "SubscriberNotOwn", subscriberId: subscriber.id });
  }
  if (!selfService && !isDirectSubAccount(requester, subscriber.customer)) {
    return refuse({ type: "SubscriberNotInSubAccount", subscriberId: subscriber.id });
  }
  return accept(subscriber);
}

export function decideAttachOffer(request: AttachOfferRequest, facts: AttachOfferFacts) {
  const { requester, offer } = facts;
  if (request.myOffer && !hasDelegation(requester)) return refuse({ type: "ParentPlanNotAllowed" });
  const scope = checkSubscriberScope(requester, request.identifier, facts.subscriber, request.myOffer);
  if (!scope.ok) return scope;
  const subscriber = scope.value;

  // An offer the requester cannot see (another tenant's, a parent's pool plan made for another
  // sub-account, a grandparent's plan) answers exactly like an unknown id, in both modes.
  if (!offer || !canSeeOffer(requester, offer)) {
    return refuse({ type: "OfferNotFound", offerId: request.offerId });
  }
  if (!request.myOffer && offer.ownerId !== requester.id) return refuse({ type: "OfferNotSellPlan", offerId: offer.id });
  if (request.myOffer && !isBuyPlan(requester, offer)) return refuse({ type: "OfferNotBuyPlan", offerId: offer.id });
  if (request.myOffer && offer.kind === "POOL") return refuse({ type: "PoolPlanNotSelfService", offerId: offer.id });

  if (offer.kind === "POOL") {
    if (offer.poolCustomerId !== subscriber.customer.id) {
      return refuse({ type: "PoolPlanNotForSubAccount", offerId: offer.id, subscriberId: subscriber.id });
    }
    const instance = facts.existing.find((e) => e.offerId === offer.id);
    if (instance) {
      return refuse({ type: "PoolPlanAlreadyAttached", offerId: offer.id, subscriberOfferId: instance.id });
    }
  }
  if (request.priority !== null) {
    const holder = facts.existing.find((e) => e.priority === request.priority);
    if (holder) return refuse({ type: "PriorityInUse", priority: request.priority, subscriberOfferId: holder.id });
  }
  return accept({ isPool: offer.kind === "POOL" });
}
