/** customer(id) (SPEC section 2): a customer the requester can see. */
import { isVisible, type TreeNode } from "../../domain/accounts/visibility";
import type { CustomerRow, ReadStore } from "../ports";

/** The requester itself or a descendant; null for any other id, exactly as for an id that names nothing (isVisible). */
export async function visibleCustomer(reads: ReadStore, requester: TreeNode, id: string): Promise<CustomerRow | null> {
  const [customer] = await reads.customers.byIds([id]);
  return customer && isVisible(requester, customer) ? customer : null;
}
