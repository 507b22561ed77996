/**
 * Pages of a named list for many parents (SPEC section 5: creation order, then id, oldest or
 * newest first; a cursor is that pair). A page costs the page, not the table: one statement
 * serves any number of parents (their ids bound as one text array, unnested), and for each
 * parent a LATERAL subquery walks the list's index (parent, …, created_at, id) in list order
 * (backwards for newest first) from the cursor and stops after first + 1 rows (the extra row
 * tells that a next page exists). A filter on a package, a status or an operation has an index
 * (parent, that column, created_at, id) walked the same way; an identifier prefix is a range on
 * an index (parent, identifier), whose rows are then put in order. Each list, filter shape,
 * order and cursor shape is one statement, prepared once per connection; the filters of
 * buyPlans and packagesEligibleFor are the rules' own SQL (visibility.ts), bound to the
 * customer at each run.
 */
import { and, asc, desc, eq, fillPlaceholders, getTableColumns, gte, isNull, lt, sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { ListName, ListedRow } from "../../../app/ports";
import { compareInOrder, isDescending, orderOf, type Page, type PageRequest } from "../../../domain/input/pagination";
import type { RequestFilter } from "../../../domain/requests/request-filter";
import type { SubscriberFilter } from "../../../domain/subscribers/subscriber-filter";
import type { Executor } from "../executor";
import { apiKeys, customers, externalParamConfigs, offers, packages, requests, subscribers } from "../schema";
import { preparedOnce } from "../statement-cache";
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
  /** The column that groups rows by parent. */
  parent: PgColumn;
  /** A further condition on every row, its values as placeholders (filterValues binds them). */
  where?: SQL;
  /**
   * The columns a filter holds to one value, in the order of the index (parent, …, created_at,
   * id) that answers it. The page is ordered by them first, which changes nothing (each has one
   * value in the list) but leaves that index as the only one that needs no sort, so the planner
   * walks it rather than the parent's whole list with the filter checked on each row.
   */
  fixed?: PgColumn[];
}

const p = (name: string) => sql.placeholder(name);

/** How each list is stored: its table, its parent column and its filter. */
function sourceOf(list: ListName): ListSource {
  switch (list.list) {
    case "subCustomers":
      return { table: customers, parent: customers.parentId };
    case "subscribers": {
      const filter = list.filter ?? {};
      const fixed = filter.package !== undefined && !filter.identifierPrefix ? [subscribers.packageId] : [];
      return { table: subscribers, parent: subscribers.customerId, where: subscribersWhere(filter), fixed };
    }
    case "offers":
      return { table: offers, parent: offers.ownerId };
    case "packages":
      return { table: packages, parent: packages.ownerId };
    case "requests": {
      const { operation, status } = list.filter ?? {};
      const fixed = [...(operation ? [requests.operation] : []), ...(status ? [requests.status] : [])];
      return { table: requests, parent: requests.requesterId, where: requestsWhere(list.filter ?? {}), fixed };
    }
    case "apiKeys":
      return { table: apiKeys, parent: apiKeys.customerId };
    case "buyPlans":
      // isBuyPlanSql: on any owner but the requester's parent the list is empty.
      return { table: offers, parent: offers.ownerId, where: isBuyPlanSql({ id: p("customerId"), parentId: parentIdOf(p("customerId")) }) };
    case "packagesEligibleFor":
      // isEligibleSql: on any owner but the customer's parent the list is empty.
      return { table: packages, parent: packages.ownerId, where: isEligibleSql({ id: p("customerId"), parentId: parentIdOf(p("customerId")) }) };
    case "paramConfigs":
      return { table: externalParamConfigs, parent: externalParamConfigs.ownerId, where: eq(externalParamConfigs.entityType, p("entityType")) };
  }
}

/**
 * A subscriber filter's condition: the package (an index (customer, package_id, created_at, id)
 * answers it in list order), the identifier range (an index (customer, identifier)).
 */
function subscribersWhere(filter: SubscriberFilter): SQL | undefined {
  const byPackage = filter.package === undefined ? undefined : filter.package === "none" ? isNull(subscribers.packageId) : eq(subscribers.packageId, p("packageId"));
  const prefix = filter.identifierPrefix;
  if (!prefix) return byPackage;
  const column = subscribers[prefix.column];
  return and(gte(column, p("prefixFrom")), prefix.end === null ? undefined : lt(column, p("prefixEnd")), byPackage);
}

/** A request filter's condition; an index (requester, the filtered columns, created_at, id) answers each in list order. */
function requestsWhere(filter: RequestFilter): SQL | undefined {
  const byOperation = filter.operation === undefined ? undefined : eq(requests.operation, p("operation"));
  const byStatus = filter.status === undefined ? undefined : eq(requests.status, p("status"));
  return and(byOperation, byStatus);
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

/** The parents of one run, one text array: `parents.id` is each parent's id. */
const parentsOf = () => sql`unnest(${p("parents")}::text[]) as parents(id)`;
const eachParent = sql`parents.id`;

/**
 * The page statement of a list: for each parent, its next first + 1 rows, read by a LATERAL
 * subquery with ORDER BY created_at, id … LIMIT, which the list's index answers in order
 * without sorting (backwards when descending). The rows come out grouped by parent; fetchPages
 * puts each page in order.
 */
function pageStatement(ex: Executor, list: ListName, withCursor: boolean, descending: boolean, name: string) {
  const { table, parent, where, fixed = [] } = sourceOf(list);
  const t = table as typeof customers;
  const past = descending ? sql`<` : sql`>`;
  const cursor = withCursor ? sql`(${t.createdAt}, ${t.id}) ${past} (${p("afterAt")}::timestamptz, ${p("afterId")}::text)` : undefined;
  const inOrder = descending ? desc : asc;
  const listed = ex
    .select()
    .from(t)
    .where(and(eq(parent, eachParent), where, cursor))
    .orderBy(...fixed.map((column) => inOrder(column)), inOrder(t.createdAt), inOrder(t.id))
    .limit(p("limit"))
    .as("listed");
  // Every column of the table, read from the subquery (and decoded as the table's columns).
  const row = Object.fromEntries(Object.keys(getTableColumns(t)).map((key) => [key, listed[key as keyof typeof listed]])) as unknown as typeof listed._.selectedFields;
  return ex
    .select({ parentId: sql<string>`${eachParent}`, row })
    .from(parentsOf())
    .crossJoinLateral(listed)
    .prepare(name);
}

/** The count statement of a list: each parent's rows, counted through the same index. */
function countStatement(ex: Executor, list: ListName, name: string) {
  const { table, parent, where } = sourceOf(list);
  const t = table as typeof customers;
  const rows = sql`select count(*) from ${t} where ${and(eq(parent, eachParent), where)}`;
  return ex
    .select({ parentId: sql<string>`${eachParent}`, total: sql<number>`(${rows})`.mapWith(Number) })
    .from(parentsOf())
    .prepare(name);
}

/**
 * Names a list's statements: the list fixes its filter's shape; the filter's values are bound at
 * each run. The longest name stays under the 63 bytes PostgreSQL keeps of a statement's name.
 */
const shapeOf = (list: ListName) => `read:list:${list.list}${filterShape(list)}`;

/** The values one run of a list's page statement binds. */
function pageValues(list: ListName, parentIds: readonly string[], page: PageRequest): Record<string, unknown> {
  return {
    ...filterValues(list),
    parents: [...new Set(parentIds)],
    limit: page.first + 1,
    ...(page.after ? { afterAt: new Date(page.after.createdAt).toISOString(), afterId: page.after.id } : {}),
  };
}

function pageStatementOf(ex: Executor, list: ListName, page: PageRequest) {
  const withCursor = page.after !== null;
  const descending = isDescending(page);
  return preparedOnce(ex, `${shapeOf(list)}:page${descending ? ":desc" : ""}${withCursor ? ":after" : ""}`, (name) =>
    pageStatement(ex, list, withCursor, descending, name),
  );
}

const countStatementOf = (ex: Executor, list: ListName) =>
  preparedOnce(ex, `${shapeOf(list)}:count`, (name) => countStatement(ex, list, name));

/** A page of the list under each parent, in list order; parents without rows are absent. */
export async function fetchPages<L extends ListName>(
  ex: Executor,
  list: L,
  parentIds: readonly string[],
  page: PageRequest,
): Promise<Map<string, Page<ListedRow<L>>>> {
  const pages = new Map<string, Page<ListedRow<L>>>();
  if (parentIds.length === 0) return pages;
  const found = await pageStatementOf(ex, list, page).execute(pageValues(list, parentIds, page));
  const byParent = new Map<string, ListedRow<L>[]>();
  for (const { parentId, row } of found) {
    const rows = byParent.get(parentId);
    if (rows) rows.push(row as unknown as ListedRow<L>);
    else byParent.set(parentId, [row as unknown as ListedRow<L>]);
  }
  const order = orderOf(page);
  for (const [parentId, rows] of byParent) {
    rows.sort((a, b) => compareInOrder(order, a, b));
    pages.set(parentId, { rows: rows.slice(0, page.first), hasNextPage: rows.length > page.first });
  }
  return pages;
}

/** How many rows the list holds under each parent (all pages); parents without rows are absent. */
export async function countPages(ex: Executor, list: ListName, parentIds: readonly string[]): Promise<Map<string, number>> {
  if (parentIds.length === 0) return new Map();
  const rows = await countStatementOf(ex, list).execute({ ...filterValues(list), parents: [...new Set(parentIds)] });
  return new Map(rows.filter((r) => r.total > 0).map((r) => [r.parentId, r.total]));
}

/** The text and values of one run of a list's page statement, for the tests that read its plan. */
export function pageQuery(ex: Executor, list: ListName, parentIds: readonly string[], page: PageRequest) {
  const query = pageStatementOf(ex, list, page).getQuery();
  return { sql: query.sql, params: fillPlaceholders(query.params, pageValues(list, parentIds, page)) };
}

/** The text and values of one run of a list's count statement, for the tests that read its plan. */
export function countQuery(ex: Executor, list: ListName, parentIds: readonly string[]) {
  const query = countStatementOf(ex, list).getQuery();
  return { sql: query.sql, params: fillPlaceholders(query.params, { ...filterValues(list), parents: [...new Set(parentIds)] }) };
}
