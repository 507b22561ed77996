/**
 * Cursor connections (SPEC section 5): `first` defaults to 10 and is at most 100; `after` is
 * an opaque cursor. A list is ordered by creation time, then id (which breaks ties), oldest
 * first unless the connection takes an `orderBy` that asks for newest first. A cursor is a
 * place in one such order, so pages stay stable while rows are added; it names its order, and a
 * cursor given with another order is refused, since the same place means other rows there.
 * A cursor does not name a list's filter: a place in an order is a place whatever rows the
 * filter keeps, so a cursor of a filtered list pages on with another filter as well.
 */
import type { InputIssue } from "../refusals";

export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 100;

export interface Position {
  createdAt: number;
  id: string;
}

export const ORDER_FIELDS = ["CREATED_AT"] as const;
export const ORDER_DIRECTIONS = ["ASC", "DESC"] as const;
export type OrderField = (typeof ORDER_FIELDS)[number];
export type OrderDirection = (typeof ORDER_DIRECTIONS)[number];

/** The order of a list: by creation time, then id; ASC is oldest first, DESC newest first. */
export interface ListOrder {
  field: OrderField;
  direction: OrderDirection;
}

/** The order of every list that is not asked for another. */
export const DEFAULT_ORDER: ListOrder = { field: "CREATED_AT", direction: "ASC" };

export interface PageRequest {
  first: number;
  /** Rows strictly past this place in the order: later ones when ascending, earlier ones when descending. */
  after: Position | null;
  /** The list's order; DEFAULT_ORDER when absent (orderOf). */
  order?: ListOrder;
}

export const orderOf = (page: PageRequest): ListOrder => page.order ?? DEFAULT_ORDER;

export const isDescending = (page: PageRequest): boolean => orderOf(page).direction === "DESC";

/** How an order is named inside a cursor, and back. */
const orderToken = (order: ListOrder) => `${order.field}_${order.direction}`;
const ORDER_BY_TOKEN = new Map(
  ORDER_FIELDS.flatMap((field) => ORDER_DIRECTIONS.map((direction): [string, ListOrder] => [orderToken({ field, direction }), { field, direction }])),
);

/** What a cursor holds: a place in one order. */
export interface Cursor {
  order: ListOrder;
  position: Position;
}

export function encodeCursor(position: Position, order: ListOrder = DEFAULT_ORDER): string {
  return Buffer.from(`${orderToken(order)}:${position.createdAt}:${position.id}`, "utf8").toString("base64url");
}

/**
 * The place and order a cursor names, or null for anything this API did not make. A cursor
 * without an order (`createdAt:id`, as the API made them before lists could be ordered) is a
 * place in the default order.
 */
export function decodeCursor(cursor: string): Cursor | null {
  if (cursor.length === 0 || cursor.length > 200 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  const decoded = Buffer.from(cursor, "base64url").toString("utf8");
  // The id is a UUID: any letter case names the same row (SPEC section 4); so does the order's name.
  const match = /^(?:([A-Z_]{1,40}):)?(\d{1,15}):([0-9a-f-]{36})$/i.exec(decoded);
  if (!match) return null;
  const order = match[1] === undefined ? DEFAULT_ORDER : ORDER_BY_TOKEN.get(match[1].toUpperCase());
  if (!order) return null;
  return { order, position: { createdAt: Number(match[2]), id: match[3]!.toLowerCase() } };
}

const sameOrder = (a: ListOrder, b: ListOrder) => a.field === b.field && a.direction === b.direction;

const describeOrder = (order: ListOrder) => `{ field: ${order.field}, direction: ${order.direction} }`;

/** An `orderBy` as received: its values are checked here, whatever the caller checked before. */
export interface OrderInput {
  field: string;
  direction: string;
}

/** The order an `orderBy` asks for (DEFAULT_ORDER when omitted), or the issue with it. */
export function readOrder(orderBy: OrderInput | null | undefined, path = "orderBy"): { ok: true; order: ListOrder } | { ok: false; issue: InputIssue } {
  if (orderBy === null || orderBy === undefined) return { ok: true, order: DEFAULT_ORDER };
  const field = ORDER_FIELDS.find((f) => f === orderBy.field);
  const direction = ORDER_DIRECTIONS.find((d) => d === orderBy.direction);
  if (!field) return { ok: false, issue: { path: `${path}.field`, message: `field must be one of ${ORDER_FIELDS.join(", ")}` } };
  if (!direction) return { ok: false, issue: { path: `${path}.direction`, message: `direction must be one of ${ORDER_DIRECTIONS.join(", ")}` } };
  return { ok: true, order: { field, direction } };
}

export interface PagePaths {
  first: string;
  after: string;
  orderBy?: string;
}

/**
 * Checks `first`, `after` and `orderBy` (the list's default order when omitted); the paths
 * name the arguments in the caller's terms. A cursor made in another order than the one asked
 * for is refused: the place it names is a different one there.
 */
export function readPage(
  first: number | null | undefined,
  after: string | null | undefined,
  paths: PagePaths = { first: "first", after: "after" },
  orderBy: OrderInput | null = null,
): { ok: true; page: PageRequest } | { ok: false; issues: InputIssue[] } {
  const issues: InputIssue[] = [];
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
    issues.push({ path: paths.first, message: `first must be between 0 and ${MAX_PAGE_SIZE}` });
  }
  const ordered = readOrder(orderBy, paths.orderBy);
  if (!ordered.ok) issues.push(ordered.issue);
  const order = ordered.ok ? ordered.order : DEFAULT_ORDER;
  let position: Position | null = null;
  if (after !== null && after !== undefined) {
    const cursor = decodeCursor(after);
    if (!cursor) {
      issues.push({ path: paths.after, message: "after is not a cursor returned by this API" });
    } else if (ordered.ok && !sameOrder(cursor.order, order)) {
      issues.push({
        path: paths.after,
        message: `after is a cursor of the list ordered by ${describeOrder(cursor.order)}, not ${describeOrder(order)}: page on with the orderBy it came from, or start again without after`,
      });
    } else {
      position = cursor.position;
    }
  }
  return issues.length ? { ok: false, issues } : { ok: true, page: { first: size, after: position, order } };
}

export interface Page<T> {
  rows: T[];
  hasNextPage: boolean;
}

/** Cuts a list fetched with one extra row into a page and whether more follow. */
export function toPage<T>(rows: T[], first: number): Page<T> {
  return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
}

/**
 * Compares two rows in a list's order: creation time, then id (ids are ASCII, so `<` orders
 * them as SQLite's BINARY and PostgreSQL's "C" collations do), reversed when descending.
 */
export function compareInOrder(order: ListOrder, a: { createdAt: Date; id: string }, b: { createdAt: Date; id: string }): number {
  const byTime = a.createdAt.getTime() - b.createdAt.getTime();
  const ascending = byTime !== 0 ? byTime : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  return order.direction === "DESC" ? -ascending : ascending;
}
