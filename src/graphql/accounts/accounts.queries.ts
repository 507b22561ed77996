/** Customers as the read API meets them: by id, as references, as a parent. */
import type { CustomerRow } from "../../app/ports";
import { visibleCustomer as findVisibleCustomer } from "../../app/accounts/visible-customer";
import { isReachable, shownParentId, type TreeNode } from "../../domain/accounts/visibility";
import type { Context } from "../context";

/** customer(id): the requester itself or a descendant; null for any other id. */
export function visibleCustomer(ctx: Context, requester: TreeNode, id: string): Promise<CustomerRow | null> {
  return findVisibleCustomer(ctx.reads, requester, id);
}

/** A customer referenced by a visible object (an owner, attachedBy); such references are always reachable. */
export async function reachableCustomer(ctx: Context, requester: TreeNode, id: string): Promise<CustomerRow> {
  const customer = await ctx.loaders.customer.load(id);
  if (!customer || !isReachable(requester, customer)) throw new Error(`customer ${id} is not reachable`);
  return customer;
}

/** Customer.parent: null for the root and above the requester's own parent. */
export async function parentOf(ctx: Context, requester: TreeNode, customer: CustomerRow): Promise<CustomerRow | null> {
  const parentId = shownParentId(requester, customer);
  return parentId ? ctx.loaders.customer.load(parentId) : null;
}
