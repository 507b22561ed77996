/**
 * Batched, paged reads: one statement fetches a page of children for many parents at once
 * (a window function numbers each parent's rows), so a nested query costs a fixed number of
 * statements whatever the list sizes.
 */
import { and, count, eq, getTableColumns, gt, inArray, lte, or, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { PageRequest } from "../../domain/pagination";
import type { Executor } from "../executor";
import {
  apiKeys,
  customers,
  externalParamConfigs,
  externalParamValues,
  offers,
  packageEligibleCustomers,
  packages,
  requests,
  subscribers,
} from "../schema";

/** Tables listed by creation time, then id. */
type Listed =
  | typeof customers
  | typeof subscribers
  | typeof offers
  | typeof packages
  | typeof externalParamConfigs
  | typeof requests
  | typeof apiKeys;

export interface PagedList {
  table: Listed;
  /** The column that groups rows by parent. */
  parent: SQLiteColumn;
  /** A further condition on every row, if any. */
  where?: SQL;
}

function afterCondition(table: Listed, page: PageRequest): SQL | undefined {
  if (!page.after) return undefined;
  const { createdAt, id } = page.after;
  return or(gt(table.createdAt, new Date(createdAt)), and(eq(table.createdAt, new Date(createdAt)), gt(table.id, id)));
}

/** Up to first + 1 rows per parent (the extra row tells that a next page exists), in order. */
export function fetchPages<Row>(ex: Executor, list: PagedList, parentIds: readonly string[], page: PageRequest) {
  const { table } = list;
  const numbered = ex
    .select({
      ...getTableColumns(table as typeof customers),
      parentKey: sql<string>`${list.parent}`.as("parent_key"),
      rowNumber: sql<number>`row_number() over (partition by ${list.parent} order by ${table.createdAt}, ${table.id})`.as(
        "row_number",
      ),
    })
    .from(table as typeof customers)
    .where(and(inArray(list.parent, [...parentIds]), afterCondition(table, page), list.where))
    .as("numbered");
  return ex
    .select()
    .from(numbered)
    .where(lte(numbered.rowNumber, page.first + 1))
    .orderBy(sql`parent_key`, sql`row_number`)
    .all() as unknown as (Row & { parentKey: string })[];
}

/** How many rows each parent has in the list (all pages). */
export function countPages(ex: Executor, list: PagedList, parentIds: readonly string[]): Map<string, number> {
  const rows = ex
    .select({ parentKey: sql<string>`${list.parent}`, total: count() })
    .from(list.table as typeof customers)
    .where(and(inArray(list.parent, [...parentIds]), list.where))
    .groupBy(list.parent)
    .all();
  return new Map(rows.map((r) => [r.parentKey, r.total]));
}

export const LISTS = {
  subCustomers: { table: customers, parent: customers.parentId },
  subscribers: { table: subscribers, parent: subscribers.customerId },
  offers: { table: offers, parent: offers.ownerId },
  packages: { table: packages, parent: packages.ownerId },
  requests: { table: requests, parent: requests.requesterId },
  apiKeys: { table: apiKeys, parent: apiKeys.customerId },
} satisfies Record<string, PagedList>;

/** A parent's offers that are Buy plans of the requester: regular ones and its own pool plans. */
export function buyPlans(requesterId: string): PagedList {
  return {
    ...LISTS.offers,
    where: or(eq(offers.kind, "REGULAR"), eq(offers.poolCustomerId, requesterId)),
  };
}

/** A customer's packages for which one of its sub-accounts is eligible. */
export function packagesEligibleFor(customerId: string): PagedList {
  return {
    ...LISTS.packages,
    where: or(
      eq(packages.eligibleAll, true),
      sql`exists (select 1 from ${packageEligibleCustomers} where ${packageEligibleCustomers.packageId} = ${packages.id} and ${packageEligibleCustomers.customerId} = ${customerId})`,
    ),
  };
}

/** An owner's external param configs of one entity type. */
export function paramConfigs(entityType: "CUSTOMER" | "SUBSCRIBER" | "OFFER" | "PACKAGE"): PagedList {
  return { table: externalParamConfigs, parent: externalParamConfigs.ownerId, where: eq(externalParamConfigs.entityType, entityType) };
}

/** The values one entity has for the given configs. */
export function paramValues(ex: Executor, entityId: string, configIds: readonly string[]): Map<string, string> {
  if (configIds.length === 0) return new Map();
  const rows = ex
    .select({ configId: externalParamValues.configId, value: externalParamValues.value })
    .from(externalParamValues)
    .where(and(eq(externalParamValues.entityId, entityId), inArray(externalParamValues.configId, [...configIds])))
    .all();
  return new Map(rows.map((r) => [r.configId, r.value]));
}
