import type { SubscriberIdentifier } from "../../domain/subscribers/identifiers";
import {
  decideReplacePackage,
  readReplacePackageItem,
  type ReplacePackageItemInput,
} from "../../domain/subscribers/subscriber-package";
import type { PackageFacts, TreeNode } from "../../domain/accounts/visibility";
import { runBulkMutation, type MutationContext } from "../mutation";

export interface ReplaceEcho {
  subscriber: SubscriberIdentifier;
  currentPackageId: string;
  newPackageId: string;
  myPackage: boolean;
}

/**
 * bulkReplacePackage (SPEC section 2): per item, detach the current package and attach the
 * new one in one savepoint: if attaching fails, the detach does not take effect either.
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
  });
}
