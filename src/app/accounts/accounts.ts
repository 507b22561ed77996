/** The account tree through the API: create, rename, delegation (README "Rules"). */
import { randomUUID } from "node:crypto";
import { checkDirectSubAccount, checkRenamable, readCustomerName } from "../../domain/accounts/accounts";
import { accept, type Decision } from "../../domain/refusals";
import { runUnitMutation, type MutationContext } from "../mutation";
import { getCustomer, insertCustomer, updateCustomer } from "../../db/sqlite/repositories/customers";
import type { CustomerRow } from "../../db/sqlite/schema";

type Key = { idempotencyKey?: string | null };
type Outcome = Decision<{ requestId: string; customer: CustomerRow }>;

/** A new direct sub-customer of the requester. */
export function createSubCustomer(
  ctx: MutationContext,
  args: { input: { name: string; allowOfferDelegation?: boolean | null } } & Key,
): Promise<Outcome> {
  const call = { operation: "createSubCustomer" as const, input: args, idempotencyKey: args.idempotencyKey };
  return runUnitMutation(ctx, call, readCustomerName(args.input.name), (tx, name, startedAt) =>
    accept({
      customer: insertCustomer(tx, {
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
export function renameCustomer(ctx: MutationContext, args: { input: { customerId: string; name: string } } & Key): Promise<Outcome> {
  const call = { operation: "renameCustomer" as const, input: args, idempotencyKey: args.idempotencyKey };
  const { customerId } = args.input;
  return runUnitMutation(ctx, call, readCustomerName(args.input.name), (tx, name) => {
    const target = checkRenamable(ctx.requester, getCustomer(tx, customerId) ?? null, customerId);
    return target.ok ? accept({ customer: updateCustomer(tx, customerId, { name }) }) : target;
  });
}

/** Sets or clears allowOfferDelegation on a direct sub-customer (only its parent may). */
export function setOfferDelegation(
  ctx: MutationContext,
  args: { input: { customerId: string; allowOfferDelegation: boolean } } & Key,
): Promise<Outcome> {
  const call = { operation: "setOfferDelegation" as const, input: args, idempotencyKey: args.idempotencyKey };
  const { customerId, allowOfferDelegation } = args.input;
  return runUnitMutation(ctx, call, accept(null), (tx) => {
    const target = checkDirectSubAccount(ctx.requester, getCustomer(tx, customerId) ?? null, customerId);
    return target.ok ? accept({ customer: updateCustomer(tx, customerId, { allowOfferDelegation }) }) : target;
  });
}
