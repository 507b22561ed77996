import { randomUUID } from "node:crypto";
import { checkPackageDraft, checkPackageOwner, readPackageInput, type PackageInput } from "../../domain/packages";
import { invalid, issuesOf, refuse, type Decision } from "../../domain/refusals";
import { checkIdempotencyKey, runMutation, type MutationContext } from "../mutation";
import { getCustomer, getCustomers } from "../repositories/customers";
import { getOffersFacts } from "../repositories/offers";
import { findPackageByNameKey, insertPackage } from "../repositories/packages";
import type { PackageRow } from "../schema";

export interface CreatePackageOutcome {
  requestId: string;
  package: PackageRow;
}

/** createPackage (SPEC section 2): the requester creates a package for its sub-accounts. */
export function createPackage(
  ctx: MutationContext,
  args: { customerId: string; input: PackageInput; idempotencyKey?: string | null },
): Decision<CreatePackageOutcome> {
  const draft = readPackageInput(args.input);
  const keyIssues = checkIdempotencyKey(args.idempotencyKey);
  if (!draft.ok || keyIssues.length) {
    return refuse(invalid([...issuesOf(draft), ...keyIssues]));
  }
  const call = { operation: "createPackage" as const, input: args, idempotencyKey: args.idempotencyKey };
  return runMutation(ctx, call, (tx, units) => {
    const startedAt = units.now();
    const owner = checkPackageOwner(ctx.requester, getCustomer(tx, args.customerId) ?? null, args.customerId);
    const checked = owner.ok
      ? checkPackageDraft(draft.value, {
          requester: ctx.requester,
          offers: getOffersFacts(tx, draft.value.offerIds),
          eligibleCustomers: getCustomers(tx, draft.value.eligibleCustomerIds),
          sameName: findPackageByNameKey(tx, ctx.requester.id, draft.value.nameKey) ?? null,
        })
      : owner;
    if (!checked.ok) {
      units.recordRefusal(checked.refusal.type, startedAt);
      return checked;
    }
    const row = insertPackage(tx, { id: randomUUID(), ownerId: ctx.requester.id, draft: checked.value, now: startedAt });
    return { ok: true, value: { requestId: units.record(null, startedAt), package: row } };
  });
}
