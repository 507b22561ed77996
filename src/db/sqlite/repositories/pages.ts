/**
 * Pages of a named list for many parents (SPEC section 5: creation order, then id; a cursor is
 * that pair). A page costs the page, not the table: one statement serves any number of parents
 * (their ids bound as one JSON array), and for each parent it walks the list's index in list
 * order from the cursor and stops after first + 1 rows (the extra row tells that a next page
 * exists). Each list and shape (with or without a cursor) is one statement, prepared once per
 * connection and run by better-sqlite3 itself (raw-statements.ts); the filters of buyPlans and
 * packagesEligibleFor are the rules' own SQL (visibility.ts), bound to the customer at each run.
 */
import { and, eq, sql, type SQL } from "drizzle-orm";
import { alias, type SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { ListName, ListedRow } from "../../../app/ports";
import type { Page, PageRequest } from "../../../domain/input/pagination";
import type { Executor } from "../executor";
import { rawStatementOnce, type RawQuery } from "../raw-statements";
import {
  apiKeyRow,
  columnsOf,
  customerRow,
  externalParamConfigRow,
  offerRow,
  packageRow,
  readJsonRows,
  requestRow,
  rowsAsJson,
  subscriberRow,
  type RowReader,
} from "../rows";
import { apiKeys, customers, externalParamConfigs, offers, packages, requests, subscribers } from "../schema";
import { isBuyPlanSql, isEligibleSql, parentIdOf } from "./visibility";

/** Tables listed by creation time, then id, each with an index (parent, created_at, id). */
type Listed =
  | typeof customers
  | typeof subscribers
  | typeof offers
  | typeof packages
  | typeof externalParamConfigs
  | typeof requests
  | typeof apiKeys;

interface ListSource {
  table: Listed;
  /** How its rows are read. */
  row: { keys: readonly string[]; read: RowReader<ListedRow<ListName>>["read"] };
  /** The column that groups rows by parent. */
  parent: SQLiteColumn;
  /** The index (parent, …, created_at, id) that answers the list in order. */
  index: string;
  /** A further condition on every row, its values as placeholders (filterValues binds them). */
  where?: SQL;
}

const p = (name: string) => sql.placeholder(name);

/** How each list is stored: its table, its parent column and its filter. */
function sourceOf(list: ListName): ListSource {
  switch (list.list) {
    case "subCustomers":
      return { table: customers, row: customerRow, parent: customers.parentId, index: "customers_parent_created_idx" };
    case "subscribers":
      return { table: subscribers, row: subscriberRow, parent: subscribers.customerId, index: "subscribers_customer_created_idx" };
    case "offers":
      return { table: offers, row: offerRow, parent: offers.ownerId, index: "offers_owner_created_idx" };
    case "packages":
      return { table: packages, row: packageRow, parent: packages.ownerId, index: "packages_owner_created_idx" };
    case "requests":
      return { table: requests, row: requestRow, parent: requests.requesterId, index: "requests_requester_created_idx" };
    case "apiKeys":
      return { table: apiKeys, row: apiKeyRow, parent: apiKeys.customerId, index: "api_keys_customer_created_idx" };
    case "buyPlans":
      // isBuyPlanSql: on any owner but the requester's parent the list is empty.
      return {
        table: offers,
        row: offerRow,
        parent: offers.ownerId,
        index: "offers_owner_created_idx",
        where: isBuyPlanSql({ id: p("customerId"), parentId: parentIdOf(p("customerId")) }),
      };
    case "packagesEligibleFor":
      // isEligibleSql: on any owner but the customer's parent the list is empty.
      return {
        table: packages,
        row: packageRow,
        parent: packages.ownerId,
        index: "packages_owner_created_idx",
        where: isEligibleSql({ id: p("customerId"), parentId: parentIdOf(p("customerId")) }),
      };
    case "paramConfigs":
      return {
        table: externalParamConfigs,
        row: externalParamConfigRow,
        parent: externalParamConfigs.ownerId,
        index: "external_param_configs_owner_type_created_idx",
        where: eq(externalParamConfigs.entityType, p("entityType")),
      };
  }
}

/** The values a list's filter binds at each run. */
function filterValues(list: ListName): Record<string, unknown> {
  switch (list.list) {
    case "buyPlans":
      return { customerId: list.requesterId };
    case "packagesEligibleFor":
      return { customerId: list.customerId };
    case "paramConfigs":
      return { entityType: list.entityType };
    default:
      return {};
  }
}

/** The parents of one run, one JSON array: `parents.value` is each parent's id. */
const parentsOf = () => sql`json_each(${p("parents")}) as parents`;
const eachParent = sql`parents.value`;

/**
 * The page statement of a list: for each parent, its next first + 1 rows, read by walking the
 * list's index from the cursor (a correlated subquery with ORDER BY … LIMIT, which the index
 * answers in order without sorting), as one JSON array of rows per parent (rowsAsJson).
 */
function pageStatement(list: ListName, withCursor: boolean): RawQuery<{ parentId: string; rows: ListedRow<ListName>[] }> {
  const { table, row, parent, index, where } = sourceOf(list);
  const t = table as typeof customers;
  const cursor = withCursor ? sql`(${t.createdAt}, ${t.id}) > (${p("afterAt")}, ${p("afterId")})` : undefined;
  // INDEXED BY: the planner, seeing a parent with most of the table, may prefer another index
  // on the parent column and sort all its rows; this one answers the page in order.
  const next = sql`select ${columnsOf(row, t)} from ${t} indexed by ${sql.identifier(index)} where ${and(eq(parent, eachParent), where, cursor)} order by ${t.createdAt} asc, ${t.id} asc limit ${p("limit")}`;
  const page = alias(t, "page");
  return {
    sql: sql`select ${eachParent}, (select ${rowsAsJson(row, page)} from (${next}) as ${sql.identifier("page")}) from ${parentsOf()}`,
    read: (values) => ({ parentId: values[0] as string, rows: readJsonRows(row, values[1]) }),
  };
}

/** The count statement of a list: each parent's rows, counted through the same index. */
function countStatement(list: ListName): RawQuery<{ parentId: string; total: number }> {
  const { table, parent, index, where } = sourceOf(list);
  const t = table as typeof customers;
  const rows = sql`select count(*) from ${t} indexed by ${sql.identifier(index)} where ${and(eq(parent, eachParent), where)}`;
  return {
    sql: sql`select ${eachParent}, (${rows}) from ${parentsOf()}`,
    read: (values) => ({ parentId: values[0] as string, total: values[1] as number }),
  };
}

/** Names a list's statements: the list fixes its filter's shape; the filter's values are bound at each run. */
const shapeOf = (list: ListName) => `list:${list.list}`;

/** The values one run of a list's page statement binds. */
function pageValues(list: ListName, parentIds: readonly string[], page: PageRequest): Record<string, unknown> {
  return {
    ...filterValues(list),
    parents: JSON.stringify([...new Set(parentIds)]),
    limit: page.first + 1,
    ...(page.after ? { afterAt: page.after.createdAt, afterId: page.after.id } : {}),
  };
}

const pageStatementOf = (ex: Executor, list: ListName, withCursor: boolean) =>
  rawStatementOnce(ex, `${shapeOf(list)}:page${withCursor ? ":after" : ""}`, () => pageStatement(list, withCursor));

const countStatementOf = (ex: Executor, list: ListName) => rawStatementOnce(ex, `${shapeOf(list)}:count`, () => countStatement(list));

/** A page of the list under each parent, in list order; parents without rows are absent. */
export function fetchPages<L extends ListName>(
  ex: Executor,
  list: L,
  parentIds: readonly string[],
  page: PageRequest,
): Map<string, Page<ListedRow<L>>> {
  const pages = new Map<string, Page<ListedRow<L>>>();
  if (parentIds.length === 0) return pages;
  const found = pageStatementOf(ex, list, page.after !== null).all(pageValues(list, parentIds, page));
  for (const { parentId, rows } of found) {
    if (rows.length === 0) continue;
    // SQLite leaves the order of an aggregate's elements open: the page is put in list order here.
    rows.sort(inListOrder);
    pages.set(parentId, { rows: rows.slice(0, page.first) as ListedRow<L>[], hasNextPage: rows.length > page.first });
  }
  return pages;
}

/** Creation time, then id: the order of every list (ids are ASCII, so `<` orders them as SQLite does). */
function inListOrder(a: { createdAt: Date; id: string }, b: { createdAt: Date; id: string }): number {
  const byTime = a.createdAt.getTime() - b.createdAt.getTime();
  if (byTime !== 0) return byTime;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** How many rows the list holds under each parent (all pages); parents without rows are absent. */
export function countPages(ex: Executor, list: ListName, parentIds: readonly string[]): Map<string, number> {
  if (parentIds.length === 0) return new Map();
  const rows = countStatementOf(ex, list).all({ ...filterValues(list), parents: JSON.stringify([...new Set(parentIds)]) });
  return new Map(rows.filter((r) => r.total > 0).map((r) => [r.parentId, r.total]));
}

/** The text and values of one run of a list's page statement, for the tests that read its plan. */
export function pageQuery(ex: Executor, list: ListName, parentIds: readonly string[], page: PageRequest) {
  return pageStatementOf(ex, list, page.after !== null).query(pageValues(list, parentIds, page));
}

/** The text and values of one run of a list's count statement, for the tests that read its plan. */
export function countQuery(ex: Executor, list: ListName, parentIds: readonly string[]) {
  return countStatementOf(ex, list).query({ ...filterValues(list), parents: JSON.stringify(parentIds) });
}
