/**
 * DataLoaders, created per request over the read port: each batches by id with one statement
 * and returns rows in key order, so a nested query costs a fixed number of statements whatever
 * the list sizes.
 */
import DataLoader from "dataloader";
import type { ExternalParamConfigRow, ListName, ListedRow, OfferRow, ReadStore } from "../app/ports";
import type { EntityType } from "../domain/external-params/external-params";
import type { Page, PageRequest } from "../domain/input/pagination";

/** Called before every batch: throws once the request's time budget is spent. */
export type BudgetCheck = () => void;

/**
 * Rows by id, one statement per batch. `loaded(id)` gives a row already read in this request at
 * once (null for an id found missing, undefined when not read yet): a field that returns it
 * instead of a promise spares graphql-js a promise per object.
 */
function byId<Row extends { id: string }>(check: BudgetCheck, fetch: (ids: readonly string[]) => Promise<Row[]>) {
  const read = new Map<string, Row | null>();
  const loader = new DataLoader<string, Row | null>(async (ids) => {
    check();
    const rows = new Map((await fetch(ids)).map((row) => [row.id, row]));
    return ids.map((id) => {
      const row = rows.get(id) ?? null;
      read.set(id, row);
      return row;
    });
  });
  return Object.assign(loader, { loaded: (id: string): Row | null | undefined => read.get(id) });
}

function groupBy<Row, Value = Row>(rows: Row[], key: (row: Row) => string, value?: (row: Row) => Value) {
  const groups = new Map<string, Value[]>();
  for (const row of rows) {
    const item = value ? value(row) : (row as unknown as Value);
    const group = groups.get(key(row));
    if (group) group.push(item);
    else groups.set(key(row), [item]);
  }
  return groups;
}

function grouped<Row, Value = Row>(
  check: BudgetCheck,
  fetch: (ids: readonly string[]) => Promise<Row[]>,
  key: (row: Row) => string,
  value?: (row: Row) => Value,
) {
  return new DataLoader<string, Value[]>(async (ids) => {
    check();
    const groups = groupBy(await fetch(ids), key, value);
    return ids.map((id) => groups.get(id) ?? []);
  });
}

interface PageKey {
  parentId: string;
  page: PageRequest;
}

const EMPTY_PAGE: Page<never> = { rows: [], hasNextPage: false };

/** Pages of one list for many parents: one statement per distinct (first, after). */
function pageLoader<L extends ListName>(check: BudgetCheck, reads: ReadStore, list: L) {
  return new DataLoader<PageKey, Page<ListedRow<L>>, string>(
    async (keys) => {
      check();
      const byPage = groupBy([...keys], (key) => JSON.stringify(key.page));
      const results = new Map<string, Page<ListedRow<L>>>();
      for (const group of byPage.values()) {
        const { page } = group[0]!;
        const pages = await reads.lists.pages(list, [...new Set(group.map((k) => k.parentId))], page);
        for (const key of group) results.set(cacheKey(key), pages.get(key.parentId) ?? EMPTY_PAGE);
      }
      return keys.map((key) => results.get(cacheKey(key))!);
    },
    { cacheKeyFn: cacheKey },
  );
}

const cacheKey = (key: PageKey) => `${key.parentId}|${JSON.stringify(key.page)}`;

function countLoader(check: BudgetCheck, reads: ReadStore, list: ListName) {
  return new DataLoader<string, number>(async (parentIds) => {
    check();
    const counts = await reads.lists.counts(list, parentIds);
    return parentIds.map((id) => counts.get(id) ?? 0);
  });
}

/** An owner's external params of one entity type. */
interface ParamsKey {
  ownerId: string;
  entityType: EntityType;
}

const paramsKey = (key: ParamsKey) => `${key.ownerId}|${key.entityType}`;

/** Every config of an owner for one entity type: one statement per owner and type. */
function paramConfigsLoader(check: BudgetCheck, reads: ReadStore) {
  return new DataLoader<ParamsKey, ExternalParamConfigRow[], string>(
    async (keys) => {
      check();
      return Promise.all(keys.map((key) => reads.externalParams.configsOf(key.ownerId, key.entityType)));
    },
    { cacheKeyFn: paramsKey },
  );
}

interface ParamValuesKey extends ParamsKey {
  entityId: string;
}

const paramValuesKey = (key: ParamValuesKey) => `${paramsKey(key)}|${key.entityId}`;

/** Entities' values of an owner's configs of their type, by config id: one statement per owner and type. */
function paramValuesLoader(check: BudgetCheck, reads: ReadStore) {
  return new DataLoader<ParamValuesKey, Map<string, string>, string>(
    async (keys) => {
      check();
      const found = new Map<string, Map<string, string>>();
      for (const group of groupBy([...keys], paramsKey).values()) {
        const { ownerId, entityType } = group[0]!;
        const rows = await reads.externalParams.valuesOn(ownerId, entityType, [...new Set(group.map((key) => key.entityId))]);
        for (const row of rows) {
          const key = paramValuesKey({ ownerId, entityType, entityId: row.entityId });
          const values = found.get(key) ?? new Map<string, string>();
          found.set(key, values.set(row.configId, row.value));
        }
      }
      return keys.map((key) => found.get(paramValuesKey(key)) ?? new Map<string, string>());
    },
    { cacheKeyFn: paramValuesKey },
  );
}

export interface PagedLoaders<Row> {
  page: DataLoader<PageKey, Page<Row>, string>;
  count: DataLoader<string, number>;
}

export function createLoaders(reads: ReadStore, check: BudgetCheck = () => {}) {
  const lists = new Map<string, PagedLoaders<unknown>>();
  return {
    customer: byId(check, (ids) => reads.customers.byIds(ids)),
    offer: byId(check, (ids) => reads.offers.byIds(ids)),
    package: byId(check, (ids) => reads.packages.byIds(ids)),
    subscriber: byId(check, (ids) => reads.subscribers.byIds(ids)),
    request: byId(check, (ids) => reads.requests.byIds(ids)),
    nestedOffers: grouped(
      check,
      (ids) => reads.packages.offers(ids),
      (row) => row.packageId,
      (row): OfferRow => row.offer,
    ),
    eligibleCustomerIds: grouped(check, (ids) => reads.packages.eligibleCustomerIds(ids), (row) => row.packageId),
    subscriberOffers: grouped(check, (ids) => reads.subscribers.offers(ids), (row) => row.subscriberId),
    /** Every config of an owner for one entity type (an entity's externalParams). */
    paramConfigs: paramConfigsLoader(check, reads),
    /** Entities' values of an owner's configs of their type (an entity's externalParams). */
    paramValues: paramValuesLoader(check, reads),
    /** What each id names, of any kind (node, nodes): aliased lookups in one query share one read. */
    node: grouped(check, (ids) => reads.nodes.byIds(ids), (found) => found.row.id),
    /** The loaders of one list, made once per request and list (its name and filter values). */
    list<L extends ListName>(list: L): PagedLoaders<ListedRow<L>> {
      const name = JSON.stringify(list);
      let loaders = lists.get(name);
      if (!loaders) {
        loaders = { page: pageLoader(check, reads, list), count: countLoader(check, reads, list) };
        lists.set(name, loaders);
      }
      return loaders as PagedLoaders<ListedRow<L>>;
    },
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
