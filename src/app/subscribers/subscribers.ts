/** Subscribers through the API: creation in bulk, packages on and off, offers off. */
import { randomUUID } from "node:crypto";
import { checkSelfOrDirectSubAccount } from "../../domain/accounts/accounts";
import { decideDetachOffer } from "../../domain/subscribers/detach-offer";
import { accept, type Decision } from "../../domain/refusals";
import {
  decideAttachPackage,
  decideDetachPackage,
  readPackageChange,
  type PackageChangeInput,
} from "../../domain/subscribers/subscriber-package";
import { checkIdentifiersFree, readNewSubscriber, type NewSubscriberInput } from "../../domain/subscribers/subscribers";
import { runBulkMutation, runUnitMutation, type BulkItemOutcome, type MutationContext } from "../mutation";
import { getCustomer } from "../../db/sqlite/repositories/customers";
import { getPackageFacts, hasAllocatedPackage, setSubscriberPackage } from "../../db/sqlite/repositories/packages";
import {
  deleteSubscriberOffer,
  findSubscriber,
  getSubscriber,
  getSubscriberOfferFacts,
  identifierTaken,
  insertSubscriber,
} from "../../db/sqlite/repositories/subscribers";
import type { SubscriberRow } from "../../db/sqlite/schema";

type Key = { idempotencyKey?: string | null };

/**
 * Creates subscribers for the requester or its direct sub-accounts, item by item (one
 * savepoint each): a taken identifier or a bad customer fails only its item.
 */
export function createSubscribers(
  ctx: MutationContext & { bulkItemLimit: number },
  args: { input: { items: readonly NewSubscriberInput[] } } & Key,
): Promise<Decision<BulkItemOutcome<NewSubscriberInput, SubscriberRow>[]>> {
  const call = { operation: "createSubscribers" as const, input: args, idempotencyKey: args.idempotencyKey };
  return runBulkMutation(ctx, call, args.input.items, {
    echo: (item) => item,
    read: readNewSubscriber,
    apply(tx, subscriber, startedAt) {
      const holder = checkSelfOrDirectSubAccount(ctx.requester, getCustomer(tx, subscriber.customerId) ?? null, subscriber.customerId);
      if (!holder.ok) return holder;
      const inUse = subscriber.identifiers.filter((identifier) => identifierTaken(tx, identifier));
      const free = checkIdentifiersFree(subscriber, inUse);
      if (!free.ok) return free;
      return accept(
        insertSubscriber(tx, { id: randomUUID(), customerId: subscriber.customerId, identifiers: subscriber.identifiers, createdAt: startedAt }),
      );
    },
  });
}

/** Attaches a package to a subscriber that has none (bulkReplacePackage's rules). */
export function attachPackage(
  ctx: MutationContext,
  args: { input: PackageChangeInput } & Key,
): Promise<Decision<{ requestId: string; subscriber: SubscriberRow }>> {
  const call = { operation: "attachPackage" as const, input: args, idempotencyKey: args.idempotencyKey };
  return runUnitMutation(ctx, call, readPackageChange(args.input), (tx, request, startedAt) => {
    const found = findSubscriber(tx, request.identifier);
    const decision = decideAttachPackage(request, {
      requester: ctx.requester,
      hasAllocatedPackage: request.myPackage && hasAllocatedPackage(tx, ctx.requester),
      subscriber: found ?? null,
      package: getPackageFacts(tx, request.packageId) ?? null,
    });
    if (!decision.ok) return decision;
    setSubscriberPackage(tx, {
      subscriberId: decision.value.subscriberId,
      detachPackageId: null,
      attach: decision.value.package,
      attachedById: ctx.requester.id,
      now: startedAt,
    });
    return accept({ subscriber: { ...found!.row, packageId: decision.value.package.id } });
  });
}

/** Detaches a subscriber's package and exactly the offers that came with it. */
export function detachPackage(
  ctx: MutationContext,
  args: { input: PackageChangeInput } & Key,
): Promise<Decision<{ requestId: string; subscriber: SubscriberRow }>> {
  const call = { operation: "detachPackage" as const, input: args, idempotencyKey: args.idempotencyKey };
  return runUnitMutation(ctx, call, readPackageChange(args.input), (tx, request, startedAt) => {
    const found = findSubscriber(tx, request.identifier);
    const decision = decideDetachPackage(request, {
      requester: ctx.requester,
      hasAllocatedPackage: request.myPackage && hasAllocatedPackage(tx, ctx.requester),
      subscriber: found ?? null,
    });
    if (!decision.ok) return decision;
    setSubscriberPackage(tx, {
      subscriberId: decision.value.subscriberId,
      detachPackageId: request.packageId,
      attach: null,
      attachedById: ctx.requester.id,
      now: startedAt,
    });
    return accept({ subscriber: { ...found!.row, packageId: null } });
  });
}

/** Detaches one offer instance that was attached on its own. */
export function detachOffer(
  ctx: MutationContext,
  args: { input: { subscriberOfferId: string; myOffer?: boolean | null } } & Key,
): Promise<Decision<{ requestId: string; subscriberOfferId: string; subscriber: SubscriberRow }>> {
  const call = { operation: "detachOffer" as const, input: args, idempotencyKey: args.idempotencyKey };
  const request = { subscriberOfferId: args.input.subscriberOfferId, myOffer: args.input.myOffer ?? false };
  return runUnitMutation(ctx, call, accept(request), (tx) => {
    const decision = decideDetachOffer(request, {
      requester: ctx.requester,
      instance: getSubscriberOfferFacts(tx, request.subscriberOfferId) ?? null,
    });
    if (!decision.ok) return decision;
    deleteSubscriberOffer(tx, decision.value.subscriberOfferId);
    return accept({ subscriberOfferId: decision.value.subscriberOfferId, subscriber: getSubscriber(tx, decision.value.subscriberId)! });
  });
}
