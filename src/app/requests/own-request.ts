/** request(id) (SPEC section 2): a Request record, for the requester that caused it only. */
import type { TreeNode } from "../../domain/accounts/visibility";
import { isRequestOwner } from "../../domain/requests/requests";
import type { ReadStore, RequestRow } from "../ports";

/** Null for any request another customer caused, exactly as for an id that names nothing (isRequestOwner). */
export async function ownRequest(reads: ReadStore, requester: TreeNode, id: string): Promise<RequestRow | null> {
  const [request] = await reads.requests.byIds([id]);
  return request && isRequestOwner(requester, request) ? request : null;
}
