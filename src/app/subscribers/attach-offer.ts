import { randomUUID } from "node:crypto";
import { decideAttachOffer, readAttachOfferInput, type AttachOfferInput } from "../../domain/subscribers/attach-offer";
import { runUnitMutation, type MutationContext } from "../mutation";

/** attachOffer (SPEC section 2): one offer instance onto one subscriber. */
export function attachOffer(
  ctx: MutationContext,
  args: { input: AttachOfferInput; idempotencyKey?: string | null },
) {
  const call = { operation: "attachOffer" as const, input: args, idempotencyKey: args.idempotencyKey };
  return runUnitMutation(ctx, call, readAttachOfferInput(args.input), async (store, request, startedAt) => {
    const subscriber = await store.subscribers.find(request.identifier) ?? null;
    const decision = decideAttachOffer(request, {
      requester: ctx.requester,
      subscriber,
      offer: await store.offers.facts(request.offerId) ?? null,
      existing: subscriber ? await store.subscribers.offers(subscriber.id) : [],
    });
    if (!decision.ok) return decision;
    const row = await store.subscribers.insertOffer({
      id: randomUUID(),
      subscriberId: subscriber!.id,
      offerId: request.offerId,
      priority: request.priority,
      packageId: null,
      isPool: decision.value.isPool,
      attachedAt: startedAt,
      attachedById: ctx.requester.id,
    });
    return { ok: true, value: { subscriberOffer: row } };
  });
}
