import { randomUUID } from "node:crypto";
import { checkRequesterIsCustomer } from "../../domain/accounts/accounts";
import { checkPackageDraft, readPackageInput, type PackageInput } from "../../domain/catalogue/packages";
import type { Decision } from "../../domain/refusals";
import { runUnitMutation, type MutationContext } from "../mutation";
import { getCustomer, getCustomers } from "../../db/sqlite/repositories/customers";
import { getOffersFacts } from "../../db/sqlite/repositories/offers";
import { findPackageByNameKey, insertPackage } from "../../db/sqlite/repositories/packages";
import type { PackageRow } from "../../db/sqlite/schema";

/** createPackage (SPEC section 2): the requester creates a package for its sub-accounts. */
export function createPackage(
  ctx: MutationContext,
  args: { customerId: string; input: PackageInput; idempotencyKey?: string | null },
): Promise<Decision<{ requestId: string; package: PackageRow }>> {
  const call = { operation: "createPackage" as const, input: args, idempotencyKey: args.idempotencyKey };
  return runUnitMutation(ctx, call, readPackageInput(args.input), (tx, draft, startedAt) => {
    const owner = checkRequesterIsCustomer(ctx.requester, getCustomer(tx, args.customerId) ?? null, args.customerId);
    if (!owner.ok) return owner;
    const checked = checkPackageDraft(draft, {
      requester: ctx.requester,
      offers: getOffersFacts(tx, draft.offerIds),
      eligibleCustomers: getCustomers(tx, draft.eligibleCustomerIds),
      sameName: findPackageByNameKey(tx, ctx.requester.id, draft.nameKey) ?? null,
    });
    if (!checked.ok) return checked;
    return {
      ok: true,
      value: { package: insertPackage(tx, { id: randomUUID(), ownerId: ctx.requester.id, draft: checked.value, now: startedAt }) },
    };
  });
}
