/** Subscribers through the API: creation in bulk, packages on and off, offers off. */
import { randomUUID } from "node:crypto";
import { checkSelfOrDirectSubAccount } from "../../domain/accounts/accounts";
import { decideDetachOffer } from "../../domain/subscribers/detach-offer";
import { accept } from "../../domain/refusals";
import {
  decideAttachPackage,
  decideDetachPackage,
  readPackageChange,
  type PackageChangeInput,
} from "../../domain/subscribers/subscriber-package";
import { checkIdentifiersFree, readNewSubscriber, type NewSubscriberInput } from "../../domain/subscribers/subscribers";
import { lookupKey } from "../../domain/subscribers/identifiers";
import { runBulkMutation, runUnitMutation, type MutationContext } from "../mutation";
import type { NewSubscriberRow } from "../ports";

type Key = { idempotencyKey?: string | null };

/**
 * Creates subscribers for the requester or its direct sub-accounts: a taken identifier or a
 * bad customer fails only its item. Items go in batches: the batch's customers and identifiers
 * looked up at once, each item decided as the items before it left them (an identifier an
 * earlier item took is taken), the batch's subscribers inserted set-based.
 */
export function createSubscribers(
  ctx: MutationContext & { bulkItemLimit: number },
  args: { input: { items: readonly NewSubscriberInput[] } } & Key,
) {
  const call = { operation: "createSubscribers" as const, input: args, idempotencyKey: args.idempotencyKey };
  return runBulkMutation(ctx, call, args.input.items, {
    echo: (item) => item,
    read: readNewSubscriber,
    async apply(store, subscriber, startedAt) {
      const holder = checkSelfOrDirectSubAccount(ctx.requester, await store.customers.get(subscriber.customerId) ?? null, subscriber.customerId);
      if (!holder.ok) return holder;
      const inUse = [];
      for (const identifier of subscriber.identifiers) if (await store.subscribers.identifierTaken(identifier)) inUse.push(identifier);
      const free = checkIdentifiersFree(subscriber, inUse);
      if (!free.ok) return free;
      return accept(
        await store.subscribers.insert({ id: randomUUID(), customerId: subscriber.customerId, identifiers: subscriber.identifiers, createdAt: startedAt }),
      );
    },
    async applyBatch(store, batch) {
      const customers = new Map(
        (await store.customers.getMany([...new Set(batch.map(({ read }) => read.customerId))])).map((row) => [row.id, row]),
      );
      const taken = await store.subscribers.identifiersTaken(batch.flatMap(({ read }) => read.identifiers));
      const created: NewSubscriberRow[] = [];
      const decisions = batch.map(({ read: subscriber, startedAt }) => {
        const holder = checkSelfOrDirectSubAccount(ctx.requester, customers.get(subscriber.customerId) ?? null, subscriber.customerId);
        if (!holder.ok) return holder;
        const free = checkIdentifiersFree(subscriber, subscriber.identifiers.filter((identifier) => taken.has(lookupKey(identifier))));
        if (!free.ok) return free;
        for (const identifier of subscriber.identifiers) taken.add(lookupKey(identifier));
        created.push({ id: randomUUID(), customerId: subscriber.customerId, identifiers: subscriber.identifiers, createdAt: startedAt });
        return accept(created.length - 1);
      });
      const rows = await store.subscribers.insertMany(created);
      return decisions.map((decision) => (decision.ok ? accept(rows[decision.value]!) : decision));
    },
  });
}

/** Attaches a package to a subscriber that has none (bulkReplacePackage's rules). */
export function attachPackage(
  ctx: MutationContext,
  args: { input: PackageChangeInput } & Key,
) {
  const call = { operation: "attachPackage" as const, input: args, idempotencyKey: args.idempotencyKey };
  return runUnitMutation(ctx, call, readPackageChange(args.input), async (store, request, startedAt) => {
    const found = await store.subscribers.find(request.identifier);
    const decision = decideAttachPackage(request, {
      requester: ctx.requester,
      hasAllocatedPackage: request.myPackage && await store.packages.hasAllocated(ctx.requester),
      subscriber: found ?? null,
      package: await store.packages.facts(request.packageId) ?? null,
    });
    if (!decision.ok) return decision;
    await store.subscribers.setPackage({
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
) {
  const call = { operation: "detachPackage" as const, input: args, idempotencyKey: args.idempotencyKey };
  return runUnitMutation(ctx, call, readPackageChange(args.input), async (store, request, startedAt) => {
    const found = await store.subscribers.find(request.identifier);
    const decision = decideDetachPackage(request, {
      requester: ctx.requester,
      hasAllocatedPackage: request.myPackage && await store.packages.hasAllocated(ctx.requester),
      subscriber: found ?? null,
    });
    if (!decision.ok) return decision;
    await store.subscribers.setPackage({
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
) {
  const call = { operation: "detachOffer" as const, input: args, idempotencyKey: args.idempotencyKey };
  const request = { subscriberOfferId: args.input.subscriberOfferId, myOffer: args.input.myOffer ?? false };
  return runUnitMutation(ctx, call, accept(request), async (store) => {
    const decision = decideDetachOffer(request, {
      requester: ctx.requester,
      instance: await store.subscribers.offerFacts(request.subscriberOfferId) ?? null,
    });
    if (!decision.ok) return decision;
    await store.subscribers.deleteOffer(decision.value.subscriberOfferId);
    return accept({ subscriberOfferId: decision.value.subscriberOfferId, subscriber: (await store.subscribers.get(decision.value.subscriberId))! });
  });
}
