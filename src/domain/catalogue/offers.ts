/**
 * Offers (SPEC section 1): a customer creates plans for its sub-accounts. A POOL plan is made
 * for one direct sub-account; a REGULAR plan names none.
 */
import { OFFER_NAME_MAX, readName } from "../input/limits";
import { accept, invalid, refuse, type InputIssue, type Reading } from "../refusals";
import { isDirectSubAccount, isVisible, type TreeNode } from "../accounts/visibility";

/** The kinds of offer (the GraphQL enum OfferKind). */
export const OFFER_KINDS = ["REGULAR", "POOL"] as const;

export interface OfferInput {
  name: string;
  kind: (typeof OFFER_KINDS)[number];
  poolCustomerId?: string | null;
}

export interface OfferDraft {
  name: string;
  kind: "REGULAR" | "POOL";
  poolCustomerId: string | null;
}

export function readOfferInput(input: OfferInput, prefix = "input"): Reading<OfferDraft> {
  const issues: InputIssue[] = [];
  const name = readName(input.name, `${prefix}.name`, OFFER_NAME_MAX, issues);
  const poolCustomerId = input.poolCustomerId ?? null;
  if (input.kind === "POOL" && !poolCustomerId) {
    issues.push({ path: `${prefix}.poolCustomerId`, message: "a POOL offer names the sub-account it is made for" });
  }
  if (input.kind === "REGULAR" && poolCustomerId) {
    issues.push({ path: `${prefix}.poolCustomerId`, message: "only a POOL offer names a sub-account" });
  }
  return issues.length ? refuse(invalid(issues)) : accept({ name, kind: input.kind, poolCustomerId });
}

/** A pool plan's customer must be one of the requester's direct sub-accounts. */
export function checkPoolCustomer(requester: TreeNode, draft: OfferDraft, poolCustomer: TreeNode | null) {
  if (!draft.poolCustomerId) return accept(draft);
  if (!poolCustomer || !isVisible(requester, poolCustomer) || !isDirectSubAccount(requester, poolCustomer)) {
    return refuse({ type: "PoolCustomerNotSubAccount", customerId: draft.poolCustomerId });
  }
  return accept(draft);
}
