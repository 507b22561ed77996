/** Offers and package changes through the API (README "Rules"). */
import { randomUUID } from "node:crypto";
import { checkPoolCustomer, readOfferInput, type OfferInput } from "../../domain/catalogue/offers";
import {
  checkNotInUse,
  checkOwnPackage,
  checkPackageDraft,
  readPackageUpdate,
  readPackageUpdateShape,
  type PackageUpdateInput,
} from "../../domain/catalogue/packages";
import { accept } from "../../domain/refusals";
import { runUnitMutation, type MutationContext } from "../mutation";

type Key = { idempotencyKey?: string | null };

/** A new offer of the requester; a POOL offer for one of its direct sub-accounts. */
export function createOffer(
  ctx: MutationContext,
  args: { input: OfferInput } & Key,
) {
  const call = { operation: "createOffer" as const, input: args, idempotencyKey: args.idempotencyKey };
  return runUnitMutation(ctx, call, readOfferInput(args.input), async (store, draft, startedAt) => {
    const pool = draft.poolCustomerId ? (await store.customers.get(draft.poolCustomerId) ?? null) : null;
    const checked = checkPoolCustomer(ctx.requester, draft, pool);
    if (!checked.ok) return checked;
    return accept({ offer: await store.offers.insert({ id: randomUUID(), ownerId: ctx.requester.id, ...draft, createdAt: startedAt }) });
  });
}

/**
 * Changes the requester's own package: only the fields given, checked like createPackage.
 * Its offers cannot change while it is attached to subscribers (they carry those offers).
 */
export function updatePackage(
  ctx: MutationContext,
  args: { input: PackageUpdateInput } & Key,
) {
  const call = { operation: "updatePackage" as const, input: args, idempotencyKey: args.idempotencyKey };
  const { packageId } = args.input;
  return runUnitMutation(ctx, call, readPackageUpdateShape(args.input), async (store, _shape, startedAt) => {
    const own = checkOwnPackage(ctx.requester, await store.packages.facts(packageId) ?? null, packageId);
    if (!own.ok) return own;
    const draft = readPackageUpdate(args.input, await store.packages.draftOf(own.value));
    if (!draft.ok) return draft;
    const offersChange = draft.value.offerIds.join() !== own.value.offerIds.join();
    if (offersChange) {
      const inUse = checkNotInUse(packageId, await store.packages.subscriberCount(packageId));
      if (!inUse.ok) return inUse;
    }
    const checked = checkPackageDraft(draft.value, {
      requester: ctx.requester,
      offers: await store.offers.factsOf(draft.value.offerIds),
      eligibleCustomers: await store.customers.getMany(draft.value.eligibleCustomerIds),
      sameName: await store.packages.findByNameKey(ctx.requester.id, draft.value.nameKey, packageId) ?? null,
    });
    if (!checked.ok) return checked;
    return accept({ package: await store.packages.update(packageId, checked.value, startedAt) });
  });
}

/** Deletes the requester's own package, unless a subscriber has it attached. */
export function deletePackage(
  ctx: MutationContext,
  args: { input: { packageId: string } } & Key,
) {
  const call = { operation: "deletePackage" as const, input: args, idempotencyKey: args.idempotencyKey };
  const { packageId } = args.input;
  return runUnitMutation(ctx, call, accept(null), async (store) => {
    const own = checkOwnPackage(ctx.requester, await store.packages.facts(packageId) ?? null, packageId);
    if (!own.ok) return own;
    const inUse = checkNotInUse(packageId, await store.packages.subscriberCount(packageId));
    if (!inUse.ok) return inUse;
    await store.packages.delete(packageId);
    return accept({ packageId });
  });
}
