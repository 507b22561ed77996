/** subscriber(identifier): a subscriber of the requester or of a descendant. */
import { findSubscriber } from "../../db/sqlite/repositories/subscribers";
import type { SubscriberRow } from "../../db/sqlite/schema";
import { readIdentifier } from "../../domain/subscribers/attach-offer";
import type { SubscriberIdentifier } from "../../domain/subscribers/identifiers";
import type { InputIssue } from "../../domain/refusals";
import { isVisible, type TreeNode } from "../../domain/accounts/visibility";
import type { Context } from "../context";
import { inputError } from "../errors/input-error";

/** Null when no subscriber the requester can see has the identifier; a malformed one is a GraphQL error. */
export function visibleSubscriber(ctx: Context, requester: TreeNode, identifier: SubscriberIdentifier): SubscriberRow | null {
  const issues: InputIssue[] = [];
  const normalized = readIdentifier(identifier, "identifier", issues);
  if (!normalized) throw inputError(issues);
  const found = findSubscriber(ctx.handle.reader, normalized);
  return found && isVisible(requester, found.customer) ? found.row : null;
}
