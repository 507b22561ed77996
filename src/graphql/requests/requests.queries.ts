/** request(id): a Request record, for the requester that caused it only. */
import { ownRequest as findOwnRequest } from "../../app/requests/own-request";
import type { RequestRow } from "../../app/ports";
import type { TreeNode } from "../../domain/accounts/visibility";
import type { Context } from "../context";

/** Null for any request another customer caused, exactly as for an id that names nothing. */
export function ownRequest(ctx: Context, requester: TreeNode, id: string): Promise<RequestRow | null> {
  return findOwnRequest(ctx.reads, requester, id);
}
