/** The account tree through the API: create, rename, delegation (README "Rules"). */
import { randomUUID } from "node:crypto";
import { checkDirectSubAccount, checkRenamable, readCustomerName } from "../../domain/accounts/accounts";
import { accept } from "../../domain/refusals";
import { runUnitMutation, type MutationContext } from "../mutation";

type Key = { idempotencyKey?: string | null };

/** A new direct sub-customer of the requester. */
export function createSubCustomer(
  ctx: MutationContext,
  args: { input: { name: string; allowOfferDelegation?: boolean | null } } & Key,
) {
  const call = { operation: "createSubCustomer" as const, input: args, idempotencyKey: args.idempotencyKey };
  return runUnitMutation(ctx, call, readCustomerName(args.input.name), async (store, name, startedAt) =>
    accept({
      customer: await store.customers.insert({
        id: randomUUID(),
        name,
        parent: ctx.requester,
        allowOfferDelegation: args.input.allowOfferDelegation ?? false,
        createdAt: startedAt,
      }),
    }),
  );
}

/** Renames the requester itself or a descendant. */
export function renameCustomer(ctx: MutationContext, args: { input: { customerId: string; name: string } } & Key) {
  const call = { operation: "renameCustomer" as const, input: args, idempotencyKey: args.idempotencyKey };
  const { customerId } = args.input;
  return runUnitMutation(ctx, call, readCustomerName(args.input.name), async (store, name) => {
    const target = checkRenamable(ctx.requester, await store.customers.get(customerId) ?? null, customerId);
    return target.ok ? accept({ customer: await store.customers.update(customerId, { name }) }) : target;
  });
}

/** Sets or clears allowOfferDelegation on a direct sub-customer (only its parent may). */
export function setOfferDelegation(
  ctx: MutationContext,
  args: { input: { customerId: string; allowOfferDelegation: boolean } } & Key,
) {
  const call = { operation: "setOfferDelegation" as const, input: args, idempotencyKey: args.idempotencyKey };
  const { customerId, allowOfferDelegation } = args.input;
  return runUnitMutation(ctx, call, accept(null), async (store) => {
    const target = checkDirectSubAccount(ctx.requester, await store.customers.get(customerId) ?? null, customerId);
    return target.ok ? accept({ customer: await store.customers.update(customerId, { allowOfferDelegation }) }) : target;
  });
}
