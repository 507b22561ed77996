/**
 * node(id) and nodes(ids): any object by its id, answered only when its kind's own visibility
 * rule lets the requester see it, the rule every other read and mutation applies to that kind.
 * Anything else answers null, exactly as an id that names nothing (SPEC section 2).
 */
import {
  canSeeApiKey,
  canSeeOffer,
  canSeePackage,
  canSeeSubscriber,
  canSeeSubscriberOffer,
  isVisible,
  type TreeNode,
} from "../domain/accounts/visibility";
import { canSeeParamConfig } from "../domain/external-params/external-params";
import { readLookupIds } from "../domain/input/lookup-ids";
import { accept, type Reading } from "../domain/refusals";
import { isRequestOwner } from "../domain/requests/requests";
import type { FoundNode, NodeKind, ReadStore } from "./ports";

/** Whether the requester may see a found object, by its kind's rule. */
function canSee(requester: TreeNode, node: FoundNode): boolean {
  switch (node.kind) {
    case "customer":
      return isVisible(requester, node.row);
    case "offer":
      return canSeeOffer(requester, { ...node.row, owner: node.owner });
    case "package":
      return canSeePackage(requester, { ...node.row, owner: node.owner, eligibleCustomerIds: node.eligibleCustomerIds });
    case "subscriber":
      return canSeeSubscriber(requester, node);
    case "subscriberOffer":
      return canSeeSubscriberOffer(requester, { subscriber: { customer: node.customer } });
    case "request":
      return isRequestOwner(requester, node.row);
    case "apiKey":
      return canSeeApiKey(requester, node);
    case "externalParamConfig":
      return canSeeParamConfig(requester, node.row);
  }
}

/**
 * Ids are unique per kind, so a hand-made world may give two objects one id: the id then
 * answers the first, in this order, that the requester may see, the same on every call.
 */
const KIND_ORDER: readonly NodeKind[] = [
  "customer",
  "offer",
  "package",
  "subscriber",
  "subscriberOffer",
  "request",
  "apiKey",
  "externalParamConfig",
];
const byKindOrder = (a: FoundNode, b: FoundNode) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind);

/** How the use case reads what ids name: the read port's, or a per-request loader over it. */
export type FindNodes = ReadStore["nodes"]["byIds"];

/**
 * The object each id names, position by position (repeats included), or null where the
 * requester may see none; ValidationFailed, before any read, for more ids than a call takes.
 */
export async function visibleNodes(find: FindNodes, requester: TreeNode, ids: readonly string[]): Promise<Reading<(FoundNode | null)[]>> {
  const read = readLookupIds(ids);
  if (!read.ok) return read;
  const unique = [...new Set(read.value)];
  const found = unique.length ? await find(unique) : [];
  const seen = new Map<string, FoundNode>();
  for (const node of [...found].sort(byKindOrder)) {
    if (!seen.has(node.row.id) && canSee(requester, node)) seen.set(node.row.id, node);
  }
  return accept(read.value.map((id) => seen.get(id) ?? null));
}

/** The object one id names, or null where the requester may see none. */
export async function visibleNode(find: FindNodes, requester: TreeNode, id: string): Promise<FoundNode | null> {
  const answer = await visibleNodes(find, requester, [id]);
  // One id is always within the limit.
  return answer.ok ? (answer.value[0] ?? null) : null;
}
