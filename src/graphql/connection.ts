/**
 * Cursor connections (SPEC section 5, relay.dev/graphql/connections.htm): `edges`, `nodes`,
 * `pageInfo`, and `totalCount`, which costs a count statement only when asked for.
 */
import { ArgsType, Field, Int, ObjectType, type ClassType } from "type-graphql";
import type { ListName, ListPage } from "../app/ports";
import { encodeCursor, orderOf, readPage, type Page, type PageRequest } from "../domain/input/pagination";
import { accept, invalid, refuse, type Decision } from "../domain/refusals";
import type { Context } from "./context";
import { inputError } from "./errors/input-error";

/** The `first` and `after` arguments every connection field takes. */
@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, description: "How many items to return: 0 to 100, 10 when omitted." })
  first?: number | null;

  @Field(() => String, { nullable: true, description: "Return the items after this cursor (a pageInfo.endCursor)." })
  after?: string | null;

  /** The page asked for, or ValidationFailed naming `first` or `after`: for a field with a result union. */
  read(): Decision<PageRequest> {
    const read = readPage(this.first, this.after);
    return read.ok ? accept(read.page) : refuse(invalid(read.issues));
  }

  /** The page asked for on an object type's field, which has no result union: bad values are a GraphQL error. */
  page(): PageRequest {
    const read = readPage(this.first, this.after);
    if (!read.ok) throw inputError(read.issues);
    return read.page;
  }
}

@ObjectType({ description: "Where a page of a connection sits in the whole list." })
export class PageInfo {
  @Field({ description: "Whether more items follow this page; ask for them with `after: endCursor`." })
  hasNextPage!: boolean;

  @Field({ description: "Whether items precede this page (true when the page was asked for with `after`)." })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: "The cursor of the first item of the page; null when the page is empty." })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: "The cursor of the last item of the page; pass it as `after` for the next page." })
  endCursor!: string | null;
}

export interface Positioned {
  id: string;
  createdAt: Date;
}

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount(): Promise<number>;
}

export interface EdgeShape<T> {
  cursor: string;
  node: T;
}

/**
 * The fields of every edge, `cursor` and `node`. A list whose items carry something that
 * belongs to what the list was asked for, not to the node, extends it with that field and
 * passes the class as ConnectionType's `edge`: a client cache keeps one node per id, but each
 * edge under the list it came with.
 */
export function EdgeType<T extends object>(node: ClassType<T>, what: string) {
  // Not in the schema itself: only the edge types that extend it are.
  @ObjectType()
  abstract class Edge implements EdgeShape<T> {
    @Field({ description: "Pass as `after` to get the items that follow this one." })
    cursor!: string;

    @Field(() => node, { description: `The ${what}.` })
    node!: T;
  }
  return Edge;
}

/** Declares `<Name>Edge` (or uses the given `edge`) and `<Name>Connection` for a node type. */
export function ConnectionType<T extends object>(node: ClassType<T>, name: string, what: string, options: { edge?: ClassType<EdgeShape<T>> } = {}) {
  const Edge = options.edge ?? plainEdge(node, name, what);

  /**
   * The page's rows; edges and pageInfo are built when asked for: most queries ask for nodes
   * alone, and a cursor per row costs more than the row.
   */
  @ObjectType(`${name}Connection`, { description: `A page of ${what}s.` })
  class Connection implements ConnectionShape<T> {
    page!: Page<T & Positioned>;
    request!: PageRequest;
    count!: () => Promise<number>;

    @Field(() => [Edge], { description: `The ${what}s of this page with their cursors.` })
    get edges(): EdgeShape<T>[] {
      return edgesOf(Edge, this.page.rows, this.request);
    }

    @Field(() => [node], { description: `The ${what}s of this page.` })
    get nodes(): T[] {
      return this.page.rows;
    }

    @Field(() => PageInfo, { description: "How to get the next page." })
    get pageInfo(): PageInfo {
      return pageInfoOf(this.page, this.request);
    }

    @Field(() => Int, { description: `How many ${what}s the whole list holds, over all pages.` })
    totalCount(): Promise<number> {
      return this.count();
    }
  }
  return Connection;
}

/** `<Name>Edge` with a cursor and a node and nothing else. */
function plainEdge<T extends object>(node: ClassType<T>, name: string, what: string): ClassType<EdgeShape<T>> {
  @ObjectType(`${name}Edge`, { description: `One ${what} in a page, with its cursor.` })
  class Edge extends EdgeType(node, what) {}
  return Edge;
}

/** A row's place in the order its page was asked in: a cursor is valid in that order only. */
const cursorOf = (row: Positioned, request: PageRequest) => encodeCursor({ createdAt: row.createdAt.getTime(), id: row.id }, orderOf(request));

function edgesOf<T>(Edge: ClassType<EdgeShape<T>>, rows: (T & Positioned)[], request: PageRequest): EdgeShape<T>[] {
  return rows.map((node) => Object.assign(new Edge(), { cursor: cursorOf(node, request), node }));
}

function pageInfoOf(page: Page<Positioned>, request: PageRequest): PageInfo {
  const { rows } = page;
  return Object.assign(new PageInfo(), {
    hasNextPage: page.hasNextPage,
    hasPreviousPage: request.after !== null,
    startCursor: rows.length ? cursorOf(rows[0]!, request) : null,
    endCursor: rows.length ? cursorOf(rows[rows.length - 1]!, request) : null,
  });
}

/** Fills a connection from a page of rows and a way to count the whole list. */
export function toConnection<T extends Positioned, C extends ConnectionShape<T>>(
  Connection: ClassType<C>,
  page: Page<T>,
  request: PageRequest,
  count: () => Promise<number>,
): C {
  return Object.assign(new Connection(), { page, request, count });
}

/** The connection of a page a read use case answered. */
export function connectionOf<T extends Positioned, C extends ConnectionShape<T>>(Connection: ClassType<C>, list: ListPage<T>): C {
  return toConnection(Connection, list.page, list.request, () => list.totalCount());
}

/** A connection with no items. */
export function emptyConnection<C extends ConnectionShape<Positioned>>(Connection: ClassType<C>): C {
  return toConnection<Positioned, C>(Connection, { rows: [], hasNextPage: false }, { first: 0, after: null }, async () => 0);
}

/** One page of a parent's list, batched with the same list of every other parent in the query. */
export async function listOf<C extends ConnectionShape<Positioned>>(
  ctx: Context,
  Connection: ClassType<C>,
  list: ListName,
  parentId: string,
  page: PageRequest,
): Promise<C> {
  const loaders = ctx.loaders.list(list);
  const result = await loaders.page.load({ parentId, page });
  return toConnection<Positioned, C>(Connection, result, page, () => loaders.count.load(parentId));
}
