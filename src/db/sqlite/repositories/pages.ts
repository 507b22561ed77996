/**
 * Batched, paged reads: one statement fetches a page of children for many parents at once
 * (a window function numbers each parent's rows), so a nested query costs a fixed number of
 * statements whatever the list sizes.
 */
import { and, count, eq, getTableColumns, gt, inArray, lte, or, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { PageRequest } from "../../../domain/input/pagination";
import type { Executor } from "../executor";
import {
  apiKeys,
  customers,
  externalParamConfigs,
  externalParamValues,
  offers,
  packages,
  requests,
  subscribers,
} from "../schema";
import { isBuyPlanSql, isEligibleSql, parentIdOf } from "./visibility";

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

/**
 * The Buy plans of the requester (isBuyPlanSql), listed under its parent: on any other owner
 * the list is empty.
 */
export function buyPlans(requesterId: string): PagedList {
  return { ...LISTS.offers, where: isBuyPlanSql({ id: requesterId, parentId: parentIdOf(requesterId) }) };
}

/**
 * The packages a customer is eligible for (isEligibleSql), listed under its parent: on any
 * other owner the list is empty.
 */
export function packagesEligibleFor(customerId: string): PagedList {
  return { ...LISTS.packages, where: isEligibleSql({ id: customerId, parentId: parentIdOf(customerId) }) };
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
