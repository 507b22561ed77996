/**
 * Pages of a named list for many parents (SPEC section 5: creation order, then id, oldest or
 * newest first; a cursor is that pair). A page costs the page, not the table: one statement
 * serves any number of parents (their ids bound as one JSON array), and for each parent it
 * walks the list's index in list order (backwards for newest first) from the cursor and stops
 * after first + 1 rows (the extra row tells that a next page exists). A filter on a package, a
 * status or an operation walks an index (parent, that column, created_at, id) the same way; an
 * identifier prefix is a range on an index (parent, identifier), whose rows are then put in
 * order. Each list, filter shape, order and cursor shape is one statement, prepared once per
 * connection and run by better-sqlite3 itself (raw-statements.ts); the filters of buyPlans and
 * packagesEligibleFor are the rules' own SQL (visibility.ts), bound to the customer at each run.
 */
import { and, eq, gte, isNull, lt, sql, type SQL } from "drizzle-orm";
import { alias, type SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { ListName, ListedRow } from "../../../app/ports";
import { compareInOrder, isDescending, orderOf, type Page, type PageRequest } from "../../../domain/input/pagination";
import type { SubscriberFilter } from "../../../domain/subscribers/subscriber-filter";
import type { RequestFilter } from "../../../domain/requests/request-filter";
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
  /** The index (parent, …, created_at, id) that answers the list in order, or (parent, identifier) for a prefix. */
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
      return { table: subscribers, row: subscriberRow, parent: subscribers.customerId, ...subscribersWhere(list.filter ?? {}) };
    case "offers":
      return { table: offers, row: offerRow, parent: offers.ownerId, index: "offers_owner_created_idx" };
    case "packages":
      return { table: packages, row: packageRow, parent: packages.ownerId, index: "packages_owner_created_idx" };
    case "requests":
      return { table: requests, row: requestRow, parent: requests.requesterId, ...requestsWhere(list.filter ?? {}) };
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

/**
 * A subscriber filter's index and condition. With an identifier prefix, the range on the
 * identifier is what narrows the list most, so its index (customer, identifier) is the one
 * walked, the package checked on each row found; without one, the package's index is walked in
 * list order.
 */
function subscribersWhere(filter: SubscriberFilter): { index: string; where?: SQL } {
  const byPackage = filter.package === undefined ? undefined : filter.package === "none" ? isNull(subscribers.packageId) : eq(subscribers.packageId, p("packageId"));
  const prefix = filter.identifierPrefix;
  if (prefix) {
    const column = subscribers[prefix.column];
    const range = and(gte(column, p("prefixFrom")), prefix.end === null ? undefined : lt(column, p("prefixEnd")));
    return { index: `subscribers_customer_${prefix.column}_idx`, where: and(range, byPackage) };
  }
  if (byPackage) return { index: "subscribers_customer_package_created_idx", where: byPackage };
  return { index: "subscribers_customer_created_idx" };
}

/** A request filter's index (requester, the filtered columns, created_at, id) and condition. */
function requestsWhere(filter: RequestFilter): { index: string; where?: SQL } {
  const byOperation = filter.operation === undefined ? undefined : eq(requests.operation, p("operation"));
  const byStatus = filter.status === undefined ? undefined : eq(requests.status, p("status"));
  const index = byOperation && byStatus ? "requests_requester_operation_status_created_idx" : byOperation ? "requests_requester_operation_created_idx" : byStatus ? "requests_requester_status_created_idx" : "requests_requester_created_idx";
  return { index, where: and(byOperation, byStatus) };
}

/** Names the shape of a list's filter: which conditions it has, not their values. */
function filterShape(list: ListName): string {
  switch (list.list) {
    case "subscribers": {
      const { package: pkg, identifierPrefix: prefix } = list.filter ?? {};
      return `${pkg === undefined ? "" : pkg === "none" ? ":noPackage" : ":package"}${prefix ? `:${prefix.column}${prefix.end === null ? "From" : "Range"}` : ""}`;
    }
    case "requests":
      return `${list.filter?.operation ? ":operation" : ""}${list.filter?.status ? ":status" : ""}`;
    default:
      return "";
  }
}

/** The values a list's filter binds at each run. */
function filterValues(list: ListName): Record<string, unknown> {
  switch (list.list) {
    case "subscribers": {
      const { package: pkg, identifierPrefix: prefix } = list.filter ?? {};
      return {
        ...(pkg !== undefined && pkg !== "none" ? { packageId: pkg.id } : {}),
        ...(prefix ? { prefixFrom: prefix.prefix, ...(prefix.end === null ? {} : { prefixEnd: prefix.end }) } : {}),
      };
    }
    case "requests":
      return { ...(list.filter?.operation ? { operation: list.filter.operation } : {}), ...(list.filter?.status ? { status: list.filter.status } : {}) };
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
 * answers in order without sorting, backwards when descending), as one JSON array of rows per
 * parent (rowsAsJson).
 */
function pageStatement(list: ListName, withCursor: boolean, descending: boolean): RawQuery<{ parentId: string; rows: ListedRow<ListName>[] }> {
  const { table, row, parent, index, where } = sourceOf(list);
  const t = table as typeof customers;
  const past = descending ? sql`<` : sql`>`;
  const cursor = withCursor ? sql`(${t.createdAt}, ${t.id}) ${past} (${p("afterAt")}, ${p("afterId")})` : undefined;
  const direction = descending ? sql`desc` : sql`asc`;
  // INDEXED BY: the planner, seeing a parent with most of the table, may prefer another index
  // on the parent column and sort all its rows; this one answers the page in order.
  const next = sql`select ${columnsOf(row, t)} from ${t} indexed by ${sql.identifier(index)} where ${and(eq(parent, eachParent), where, cursor)} order by ${t.createdAt} ${direction}, ${t.id} ${direction} limit ${p("limit")}`;
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
const shapeOf = (list: ListName) => `list:${list.list}${filterShape(list)}`;

/** The values one run of a list's page statement binds. */
function pageValues(list: ListName, parentIds: readonly string[], page: PageRequest): Record<string, unknown> {
  return {
    ...filterValues(list),
    parents: JSON.stringify([...new Set(parentIds)]),
    limit: page.first + 1,
    ...(page.after ? { afterAt: page.after.createdAt, afterId: page.after.id } : {}),
  };
}

function pageStatementOf(ex: Executor, list: ListName, page: PageRequest) {
  const withCursor = page.after !== null;
  const descending = isDescending(page);
  return rawStatementOnce(ex, `${shapeOf(list)}:page${descending ? ":desc" : ""}${withCursor ? ":after" : ""}`, () => pageStatement(list, withCursor, descending));
}

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
  const found = pageStatementOf(ex, list, page).all(pageValues(list, parentIds, page));
  const order = orderOf(page);
  for (const { parentId, rows } of found) {
    if (rows.length === 0) continue;
    // SQLite leaves the order of an aggregate's elements open: the page is put in list order here.
    rows.sort((a, b) => compareInOrder(order, a, b));
    pages.set(parentId, { rows: rows.slice(0, page.first) as ListedRow<L>[], hasNextPage: rows.length > page.first });
  }
  return pages;
}

/** How many rows the list holds under each parent (all pages); parents without rows are absent. */
export function countPages(ex: Executor, list: ListName, parentIds: readonly string[]): Map<string, number> {
  if (parentIds.length === 0) return new Map();
  const rows = countStatementOf(ex, list).all({ ...filterValues(list), parents: JSON.stringify([...new Set(parentIds)]) });
  return new Map(rows.filter((r) => r.total > 0).map((r) => [r.parentId, r.total]));
}

/** The text and values of one run of a list's page statement, for the tests that read its plan. */
export function pageQuery(ex: Executor, list: ListName, parentIds: readonly string[], page: PageRequest) {
  return pageStatementOf(ex, list, page).query(pageValues(list, parentIds, page));
}

/** The text and values of one run of a list's count statement, for the tests that read its plan. */
export function countQuery(ex: Executor, list: ListName, parentIds: readonly string[]) {
  return countStatementOf(ex, list).query({ ...filterValues(list), parents: JSON.stringify(parentIds) });
}
