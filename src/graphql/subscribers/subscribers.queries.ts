/** subscriber(identifier): a subscriber of the requester or of a descendant. */
import type { SubscriberRow } from "../../app/ports";
import { visibleSubscriber as findVisibleSubscriber } from "../../app/subscribers/visible-subscriber";
import type { TreeNode } from "../../domain/accounts/visibility";
import { issuesOf } from "../../domain/refusals";
import type { SubscriberIdentifier } from "../../domain/subscribers/identifiers";
import type { Context } from "../context";
import { inputError } from "../errors/input-error";

/** Null when no subscriber the requester can see has the identifier; a malformed one is a GraphQL error. */
export async function visibleSubscriber(ctx: Context, requester: TreeNode, identifier: SubscriberIdentifier): Promise<SubscriberRow | null> {
  const found = await findVisibleSubscriber(ctx.reads, requester, identifier);
  if (!found.ok) throw inputError(issuesOf(found));
  return found.value;
}
