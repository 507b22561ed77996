/** request(id): a Request record, for the requester that caused it only. */
import type { RequestRow } from "../../db/sqlite/schema";
import { isRequestOwner } from "../../domain/requests/requests";
import type { TreeNode } from "../../domain/accounts/visibility";
import type { Context } from "../context";

/** Null for any request another customer caused, exactly as for an id that names nothing. */
export async function ownRequest(ctx: Context, requester: TreeNode, id: string): Promise<RequestRow | null> {
  const request = await ctx.loaders.request.load(id);
  return request && isRequestOwner(requester, request) ? request : null;
}
