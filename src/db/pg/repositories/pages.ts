/**
 * Pages of a named list for many parents (SPEC section 5: creation order, then id; a cursor is
 * that pair). A page costs the page, not the table: one statement serves any number of parents
 * (their ids bound as one text array, unnested), and for each parent a LATERAL subquery walks
 * the list's index (parent, …, created_at, id) in list order from the cursor and stops after
 * first + 1 rows (the extra row tells that a next page exists). Each list and shape (with or
 * without a cursor) is one statement, prepared once per connection; the filters of buyPlans and
 * packagesEligibleFor are the rules' own SQL (visibility.ts), bound to the customer at each run.
 */
import { and, asc, eq, fillPlaceholders, getTableColumns, sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { ListName, ListedRow } from "../../../app/ports";
import type { Page, PageRequest } from "../../../domain/input/pagination";
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
}

const p = (name: string) => sql.placeholder(name);

/** How each list is stored: its table, its parent column and its filter. */
function sourceOf(list: ListName): ListSource {
  switch (list.list) {
    case "subCustomers":
      return { table: customers, parent: customers.parentId };
    case "subscribers":
      return { table: subscribers, parent: subscribers.customerId };
    case "offers":
      return { table: offers, parent: offers.ownerId };
    case "packages":
      return { table: packages, parent: packages.ownerId };
    case "requests":
      return { table: requests, parent: requests.requesterId };
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

/** The parents of one run, one text array: `parents.id` is each parent's id. */
const parentsOf = () => sql`unnest(${p("parents")}::text[]) as parents(id)`;
const eachParent = sql`parents.id`;

/**
 * The page statement of a list: for each parent, its next first + 1 rows, read by a LATERAL
 * subquery with ORDER BY created_at, id … LIMIT, which the list's index answers in order
 * without sorting. The rows come out grouped by parent; fetchPages puts each page in order.
 */
function pageStatement(ex: Executor, list: ListName, withCursor: boolean, name: string) {
  const { table, parent, where } = sourceOf(list);
  const t = table as typeof customers;
  const cursor = withCursor ? sql`(${t.createdAt}, ${t.id}) > (${p("afterAt")}::timestamptz, ${p("afterId")}::text)` : undefined;
  const listed = ex
    .select()
    .from(t)
    .where(and(eq(parent, eachParent), where, cursor))
    .orderBy(asc(t.createdAt), asc(t.id))
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

/** Names a list's statements: the list fixes its filter's shape; the filter's values are bound at each run. */
const shapeOf = (list: ListName) => `read:list:${list.list}`;

/** The values one run of a list's page statement binds. */
function pageValues(list: ListName, parentIds: readonly string[], page: PageRequest): Record<string, unknown> {
  return {
    ...filterValues(list),
    parents: [...new Set(parentIds)],
    limit: page.first + 1,
    ...(page.after ? { afterAt: new Date(page.after.createdAt).toISOString(), afterId: page.after.id } : {}),
  };
}

const pageStatementOf = (ex: Executor, list: ListName, withCursor: boolean) =>
  preparedOnce(ex, `${shapeOf(list)}:page${withCursor ? ":after" : ""}`, (name) => pageStatement(ex, list, withCursor, name));

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
  const found = await pageStatementOf(ex, list, page.after !== null).execute(pageValues(list, parentIds, page));
  const byParent = new Map<string, ListedRow<L>[]>();
  for (const { parentId, row } of found) {
    const rows = byParent.get(parentId);
    if (rows) rows.push(row as unknown as ListedRow<L>);
    else byParent.set(parentId, [row as unknown as ListedRow<L>]);
  }
  for (const [parentId, rows] of byParent) {
    rows.sort(inListOrder);
    pages.set(parentId, { rows: rows.slice(0, page.first), hasNextPage: rows.length > page.first });
  }
  return pages;
}

/** Creation time, then id: the order of every list (ids compare bytewise, as the "C" collation does). */
function inListOrder(a: { createdAt: Date; id: string }, b: { createdAt: Date; id: string }): number {
  const byTime = a.createdAt.getTime() - b.createdAt.getTime();
  if (byTime !== 0) return byTime;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** How many rows the list holds under each parent (all pages); parents without rows are absent. */
export async function countPages(ex: Executor, list: ListName, parentIds: readonly string[]): Promise<Map<string, number>> {
  if (parentIds.length === 0) return new Map();
  const rows = await countStatementOf(ex, list).execute({ ...filterValues(list), parents: [...new Set(parentIds)] });
  return new Map(rows.filter((r) => r.total > 0).map((r) => [r.parentId, r.total]));
}

/** The text and values of one run of a list's page statement, for the tests that read its plan. */
export function pageQuery(ex: Executor, list: ListName, parentIds: readonly string[], page: PageRequest) {
  const query = pageStatementOf(ex, list, page.after !== null).getQuery();
  return { sql: query.sql, params: fillPlaceholders(query.params, pageValues(list, parentIds, page)) };
}
