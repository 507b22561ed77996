import { eq, inArray } from "drizzle-orm";
import type { Executor } from "../executor";
import { notifyKeyChange } from "./key-changes";
import { customers, type CustomerRow } from "../schema";

/** The columns that place a customer in the tree (a TreeNode), for joins. */
export const treeNodeColumns = { id: customers.id, parentId: customers.parentId, path: customers.path };

export async function getCustomer(ex: Executor, id: string): Promise<CustomerRow | undefined> {
  const [row] = await ex.select().from(customers).where(eq(customers.id, id));
  return row;
}

export async function getCustomers(ex: Executor, ids: readonly string[]): Promise<CustomerRow[]> {
  if (ids.length === 0) return [];
  return ex.select().from(customers).where(inArray(customers.id, [...ids]));
}

export function childPath(parent: { path: string } | null, id: string): string {
  return `${parent?.path ?? "/"}${id}/`;
}

export interface NewCustomer {
  id: string;
  name: string;
  parent: { id: string; path: string } | null;
  allowOfferDelegation: boolean;
  createdAt: Date;
}

export async function insertCustomer(ex: Executor, customer: NewCustomer): Promise<CustomerRow> {
  const [row] = await ex
    .insert(customers)
    .values({
      id: customer.id,
      parentId: customer.parent?.id ?? null,
      path: childPath(customer.parent, customer.id),
      name: customer.name,
      allowOfferDelegation: customer.allowOfferDelegation,
      createdAt: customer.createdAt,
    })
    .returning();
  return row!;
}

/**
 * Changes a customer's name or flag; every process forgets the keys it remembered (key-cache.ts)
 * once the unit commits, since a key's remembered customer carries both.
 */
export async function updateCustomer(
  ex: Executor,
  id: string,
  change: Partial<Pick<CustomerRow, "name" | "allowOfferDelegation">>,
): Promise<CustomerRow> {
  const [row] = await ex.update(customers).set(change).where(eq(customers.id, id)).returning();
  await notifyKeyChange(ex);
  return row!;
}
