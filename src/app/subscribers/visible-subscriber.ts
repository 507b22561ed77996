/** subscriber(identifier) (SPEC section 2): a subscriber of the requester or of a descendant. */
import { canSeeSubscriber, type TreeNode } from "../../domain/accounts/visibility";
import { accept, invalid, refuse, type InputIssue } from "../../domain/refusals";
import { readIdentifier } from "../../domain/subscribers/attach-offer";
import type { SubscriberIdentifier } from "../../domain/subscribers/identifiers";
import type { ReadStore } from "../ports";

/**
 * The subscriber with this identifier, or null when none the requester can see has it
 * (canSeeSubscriber); ValidationFailed for a malformed identifier.
 */
export async function visibleSubscriber(reads: ReadStore, requester: TreeNode, identifier: SubscriberIdentifier) {
  const issues: InputIssue[] = [];
  const normalized = readIdentifier(identifier, "identifier", issues);
  if (!normalized) return refuse(invalid(issues));
  const found = await reads.subscribers.find(normalized);
  return accept(found && canSeeSubscriber(requester, found) ? found.row : null);
}
