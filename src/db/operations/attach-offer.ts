import { randomUUID } from "node:crypto";
import { decideAttachOffer, readAttachOfferInput, type AttachOfferInput } from "../../domain/attach-offer";
import { invalid, issuesOf, refuse, type Decision } from "../../domain/refusals";
import { checkIdempotencyKey, runMutation, type MutationContext } from "../mutation";
import { getOfferFacts } from "../repositories/offers";
import { findSubscriber, getSubscriberOffers } from "../repositories/subscribers";
import { subscriberOffers, type SubscriberOfferRow } from "../schema";

export interface AttachOfferOutcome {
  requestId: string;
  subscriberOffer: SubscriberOfferRow;
}

/** attachOffer (SPEC section 2): one offer instance onto one subscriber. */
export function attachOffer(
  ctx: MutationContext,
  args: { input: AttachOfferInput; idempotencyKey?: string | null },
): Decision<AttachOfferOutcome> {
  const request = readAttachOfferInput(args.input);
  const keyIssues = checkIdempotencyKey(args.idempotencyKey);
  if (!request.ok || keyIssues.length) return refuse(invalid([...issuesOf(request), ...keyIssues]));
  const call = { operation: "attachOffer" as const, input: args, idempotencyKey: args.idempotencyKey };
  return runMutation(ctx, call, (tx, units) => {
    const startedAt = units.now();
    const subscriber = findSubscriber(tx, request.value.identifier) ?? null;
    const decision = decideAttachOffer(request.value, {
      requester: ctx.requester,
      subscriber,
      offer: getOfferFacts(tx, request.value.offerId) ?? null,
      existing: subscriber ? getSubscriberOffers(tx, subscriber.id) : [],
    });
    if (!decision.ok) {
      units.recordRefusal(decision.refusal.type, startedAt);
      return decision;
    }
    const row = tx
      .insert(subscriberOffers)
      .values({
        id: randomUUID(),
        subscriberId: subscriber!.id,
        offerId: request.value.offerId,
        priority: request.value.priority,
        packageId: null,
        isPool: decision.value.isPool,
        attachedAt: startedAt,
        attachedById: ctx.requester.id,
      })
      .returning()
      .get();
    return { ok: true, value: { requestId: units.record(null, startedAt), subscriberOffer: row } };
  });
}
