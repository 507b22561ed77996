import { lookupKey, type SubscriberIdentifier } from "../../domain/subscribers/identifiers";
import { accept } from "../../domain/refusals";
import {
  decideReplacePackage,
  readReplacePackageItem,
  type ReplacePackageItemInput,
} from "../../domain/subscribers/subscriber-package";
import type { PackageFacts, TreeNode } from "../../domain/accounts/visibility";
import { runBulkMutation, type MutationContext } from "../mutation";
import type { PackageChange } from "../ports";

export interface ReplaceEcho {
  subscriber: SubscriberIdentifier;
  currentPackageId: string;
  newPackageId: string;
  myPackage: boolean;
}

/**
 * bulkReplacePackage (SPEC section 2): per item, detach the current package and attach the
 * new one, wholly or not at all: if attaching fails, the detach does not take effect either.
 * Items go in batches: the batch's subscribers and packages read at once, each item decided on
 * them as the items before it left them (two items on one subscriber chain in input order),
 * and the batch's changes written set-based, one per subscriber.
 */
export function bulkReplacePackage(
  ctx: MutationContext & { bulkItemLimit: number },
  args: { input: { items: readonly ReplacePackageItemInput[] }; idempotencyKey?: string | null },
) {
  const call = { operation: "bulkReplacePackage" as const, input: args, idempotencyKey: args.idempotencyKey };
  // Facts that do not change within the call, looked up once.
  const packages = new Map<string, (PackageFacts & { owner: TreeNode }) | null>();
  let allocated: boolean | undefined;
  return runBulkMutation(ctx, call, args.input.items, {
    echo: (item) => ({
      subscriber: { type: item.subscriber.type, value: item.subscriber.value },
      currentPackageId: item.currentPackageId,
      newPackageId: item.newPackageId,
      myPackage: item.myPackage ?? false,
    }),
    read: readReplacePackageItem,
    // Every subscriber of the call locked first, in one fixed order: two calls crossing on
    // their subscribers take turns instead of deadlocking.
    prepare: (store, requests) => store.subscribers.lockAll(requests.map((r) => r.identifier)),
    async apply(store, request, startedAt) {
      if (!packages.has(request.newPackageId)) packages.set(request.newPackageId, await store.packages.facts(request.newPackageId) ?? null);
      const decision = decideReplacePackage(request, {
        requester: ctx.requester,
        hasAllocatedPackage: request.myPackage && (allocated ??= await store.packages.hasAllocated(ctx.requester)),
        subscriber: await store.subscribers.find(request.identifier) ?? null,
        newPackage: packages.get(request.newPackageId)!,
      });
      if (!decision.ok) return decision;
      await store.subscribers.setPackage({
        subscriberId: decision.value.subscriberId,
        detachPackageId: request.currentPackageId,
        attach: decision.value.newPackage,
        attachedById: ctx.requester.id,
        now: startedAt,
      });
      return { ok: true, value: null };
    },
    async applyBatch(store, batch) {
      const subscribers = await store.subscribers.findAll(batch.map(({ read }) => read.identifier));
      // Read (and locked) again for every batch: a batch undone lets go of what it locked.
      const newPackages = new Map(
        (await store.packages.factsOf([...new Set(batch.map(({ read }) => read.newPackageId))])).map((facts) => [facts.id, facts]),
      );
      if (batch.some(({ read }) => read.myPackage)) allocated ??= await store.packages.hasAllocated(ctx.requester);
      // Each subscriber's change so far in this batch: its package as the items before left it.
      const changes = new Map<string, PackageChange & { attach: NonNullable<PackageChange["attach"]> }>();
      const decisions = batch.map(({ read: request, startedAt }) => {
        const found = subscribers.get(lookupKey(request.identifier));
        const subscriber = found && { ...found, packageId: changes.get(found.id)?.attach.id ?? found.packageId };
        const decision = decideReplacePackage(request, {
          requester: ctx.requester,
          hasAllocatedPackage: request.myPackage && allocated === true,
          subscriber: subscriber ?? null,
          newPackage: newPackages.get(request.newPackageId) ?? null,
        });
        if (!decision.ok) return decision;
        const { subscriberId, newPackage } = decision.value;
        changes.set(subscriberId, {
          subscriberId,
          // The package the subscriber had before this batch is the one whose offers go.
          detachPackageId: changes.get(subscriberId)?.detachPackageId ?? request.currentPackageId,
          attach: newPackage,
          attachedById: ctx.requester.id,
          now: startedAt,
        });
        return accept(null);
      });
      await store.subscribers.replacePackages([...changes.values()]);
      return decisions;
    },
  });
}
