/**
 * The rules of domain/visibility.ts (SPEC section 2) as SQL conditions on PostgreSQL, one
 * builder per rule, named after it and selecting the same rows as the SQLite adapter's
 * (src/db/sqlite/repositories/visibility.ts). Each condition keeps the owner (or path)
 * comparison its statement's index serves.
 */
import { and, eq, like, or, sql, type Placeholder, type SQL } from "drizzle-orm";
import type { TreeNode } from "../../../domain/accounts/visibility";
import { customers, offers, packageEligibleCustomers, packages } from "../schema";

/**
 * A customer as a rule needs it. Its parent is an id (null for the root) or, for a statement
 * that knows only the customer's id, `parentIdOf` it. The id may be a placeholder, so that one
 * prepared statement serves every customer.
 */
export interface CustomerInTree {
  id: string | Placeholder;
  parentId: string | null | SQL;
}

/** Matches no row: a rule that cannot hold for this customer (the root has no parent). */
const NOTHING = sql`false`;

/** The customer's parent id, read by the statement itself. */
export function parentIdOf(customerId: string | Placeholder): SQL {
  return sql`(select ${customers.parentId} from ${customers} where ${customers.id} = ${customerId})`;
}

/**
 * isVisible(requester, customer) on a customers row: its path starts with the requester's.
 * Paths hold only lower-case hex digits, dashes and slashes, so the prefix holds no LIKE
 * wildcard; the column compares bytes (collation "C"), as SQLite's LIKE does on these
 * characters. The path may be a placeholder, so that one prepared statement serves every requester.
 */
export function isVisibleSql(requester: { path: TreeNode["path"] | Placeholder }): SQL {
  return like(customers.path, sql`${requester.path}::text || '%'`);
}

/**
 * isBuyPlan(requester, offer) on an offers row: the requester's parent owns it, and it is
 * regular or the pool plan made for the requester.
 */
export function isBuyPlanSql(requester: CustomerInTree): SQL {
  if (requester.parentId === null) return NOTHING;
  return and(
    eq(offers.ownerId, requester.parentId),
    or(eq(offers.kind, "REGULAR"), eq(offers.poolCustomerId, requester.id)),
  )!;
}

/**
 * isEligible(package, customer) on a packages row: the customer's parent owns it, and it is
 * for ALL sub-accounts or lists this one.
 */
export function isEligibleSql(customer: CustomerInTree): SQL {
  if (customer.parentId === null) return NOTHING;
  const listed = sql`exists (select 1 from ${packageEligibleCustomers} where ${packageEligibleCustomers.packageId} = ${packages.id} and ${packageEligibleCustomers.customerId} = ${customer.id})`;
  return and(eq(packages.ownerId, customer.parentId), or(eq(packages.eligibleAll, true), listed))!;
}

/** isBuyPackage(requester, package) on a packages row: a parent's package the requester is eligible for. */
export function isBuyPackageSql(requester: CustomerInTree): SQL {
  return isEligibleSql(requester);
}
