import { randomUUID } from "node:crypto";
import { checkRequesterIsCustomer } from "../../domain/accounts/accounts";
import { checkPackageDraft, readPackageInput, type PackageInput } from "../../domain/catalogue/packages";
import { runUnitMutation, type MutationContext } from "../mutation";

/** createPackage (SPEC section 2): the requester creates a package for its sub-accounts. */
export function createPackage(
  ctx: MutationContext,
  args: { customerId: string; input: PackageInput; idempotencyKey?: string | null },
) {
  const call = { operation: "createPackage" as const, input: args, idempotencyKey: args.idempotencyKey };
  return runUnitMutation(ctx, call, readPackageInput(args.input), async (store, draft, startedAt) => {
    const owner = checkRequesterIsCustomer(ctx.requester, await store.customers.get(args.customerId) ?? null, args.customerId);
    if (!owner.ok) return owner;
    const checked = checkPackageDraft(draft, {
      requester: ctx.requester,
      offers: await store.offers.factsOf(draft.offerIds),
      eligibleCustomers: await store.customers.getMany(draft.eligibleCustomerIds),
      sameName: await store.packages.findByNameKey(ctx.requester.id, draft.nameKey) ?? null,
    });
    if (!checked.ok) return checked;
    return {
      ok: true,
      value: { package: await store.packages.insert({ id: randomUUID(), ownerId: ctx.requester.id, draft: checked.value, now: startedAt }) },
    };
  });
}
