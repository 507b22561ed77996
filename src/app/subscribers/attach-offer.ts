import { randomUUID } from "node:crypto";
import { decideAttachOffer, readAttachOfferInput, type AttachOfferInput } from "../../domain/subscribers/attach-offer";
import type { Decision } from "../../domain/refusals";
import { runUnitMutation, type MutationContext } from "../mutation";
import { getOfferFacts } from "../../db/sqlite/repositories/offers";
import { findSubscriber, getSubscriberOffers } from "../../db/sqlite/repositories/subscribers";
import { subscriberOffers, type SubscriberOfferRow } from "../../db/sqlite/schema";

/** attachOffer (SPEC section 2): one offer instance onto one subscriber. */
export function attachOffer(
  ctx: MutationContext,
  args: { input: AttachOfferInput; idempotencyKey?: string | null },
): Promise<Decision<{ requestId: string; subscriberOffer: SubscriberOfferRow }>> {
  const call = { operation: "attachOffer" as const, input: args, idempotencyKey: args.idempotencyKey };
  return runUnitMutation(ctx, call, readAttachOfferInput(args.input), (tx, request, startedAt) => {
    const subscriber = findSubscriber(tx, request.identifier) ?? null;
    const decision = decideAttachOffer(request, {
      requester: ctx.requester,
      subscriber,
      offer: getOfferFacts(tx, request.offerId) ?? null,
      existing: subscriber ? getSubscriberOffers(tx, subscriber.id) : [],
    });
    if (!decision.ok) return decision;
    const row = tx
      .insert(subscriberOffers)
      .values({
        id: randomUUID(),
        subscriberId: subscriber!.id,
        offerId: request.offerId,
        priority: request.priority,
        packageId: null,
        isPool: decision.value.isPool,
        attachedAt: startedAt,
        attachedById: ctx.requester.id,
      })
      .returning()
      .get();
    return { ok: true, value: { subscriberOffer: row } };
  });
}
