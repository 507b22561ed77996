/**
 * DataLoaders, created per request: each batches by id with one statement and returns rows
 * in key order, so a nested query costs a fixed number of statements whatever the list sizes.
 */
import DataLoader from "dataloader";
import type { PageRequest, Page } from "../domain/input/pagination";
import { toPage } from "../domain/input/pagination";
import type { Executor } from "../db/sqlite/executor";
import { countPages, fetchPages, type PagedList } from "../db/sqlite/repositories/pages";
import * as reads from "../db/sqlite/repositories/reads";
import type { OfferRow } from "../db/sqlite/schema";

/** Called before every batch: throws once the request's time budget is spent. */
export type BudgetCheck = () => void;

function byId<Row extends { id: string }>(check: BudgetCheck, fetch: (ids: readonly string[]) => Row[]) {
  return new DataLoader<string, Row | null>(async (ids) => {
    check();
    const rows = new Map(fetch(ids).map((row) => [row.id, row]));
    return ids.map((id) => rows.get(id) ?? null);
  });
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

function grouped<Row>(check: BudgetCheck, fetch: (ids: readonly string[]) => Row[], key: (row: Row) => string) {
  return new DataLoader<string, Row[]>(async (ids) => {
    check();
    const groups = groupBy(fetch(ids), key);
    return ids.map((id) => groups.get(id) ?? []);
  });
}

interface PageKey {
  parentId: string;
  page: PageRequest;
}

/** Pages of one list for many parents: one statement per distinct (first, after). */
function pageLoader<Row>(check: BudgetCheck, ex: Executor, list: PagedList) {
  return new DataLoader<PageKey, Page<Row>, string>(
    async (keys) => {
      check();
      const byPage = groupBy([...keys], (key) => JSON.stringify(key.page));
      const results = new Map<string, Page<Row>>();
      for (const group of byPage.values()) {
        const { page } = group[0]!;
        const rows = fetchPages<Row>(ex, list, [...new Set(group.map((k) => k.parentId))], page);
        const perParent = groupBy(rows, (row) => row.parentKey);
        for (const key of group) results.set(cacheKey(key), toPage(perParent.get(key.parentId) ?? [], page.first));
      }
      return keys.map((key) => results.get(cacheKey(key))!);
    },
    { cacheKeyFn: cacheKey },
  );
}

const cacheKey = (key: PageKey) => `${key.parentId}|${JSON.stringify(key.page)}`;

function countLoader(check: BudgetCheck, ex: Executor, list: PagedList) {
  return new DataLoader<string, number>(async (parentIds) => {
    check();
    const counts = countPages(ex, list, parentIds);
    return parentIds.map((id) => counts.get(id) ?? 0);
  });
}

export interface PagedLoaders<Row> {
  page: DataLoader<PageKey, Page<Row>, string>;
  count: DataLoader<string, number>;
}

export function createLoaders(ex: Executor, check: BudgetCheck = () => {}) {
  const lists = new Map<string, PagedLoaders<unknown>>();
  return {
    customer: byId(check, (ids) => reads.readCustomers(ex, ids)),
    offer: byId(check, (ids) => reads.readOffers(ex, ids)),
    package: byId(check, (ids) => reads.readPackages(ex, ids)),
    subscriber: byId(check, (ids) => reads.readSubscribers(ex, ids)),
    request: byId(check, (ids) => reads.readRequests(ex, ids)),
    nestedOffers: new DataLoader<string, OfferRow[]>(async (ids) => {
      check();
      const groups = groupBy(
        reads.readNestedOffers(ex, ids),
        (row) => row.packageId,
        (row): OfferRow => row.offer,
      );
      return ids.map((id) => groups.get(id) ?? []);
    }),
    eligibleCustomerIds: grouped(
      check,
      (ids) => reads.readEligibleCustomerIds(ex, ids),
      (row) => row.packageId,
    ),
    subscriberOffers: grouped(
      check,
      (ids) => reads.readSubscriberOffers(ex, ids),
      (row) => row.subscriberId,
    ),
    /** The loaders of one list, made once per request and name (a name fixes the list's filter). */
    list<Row>(name: string, list: () => PagedList): PagedLoaders<Row> {
      let loaders = lists.get(name);
      if (!loaders) {
        const definition = list();
        loaders = { page: pageLoader(check, ex, definition), count: countLoader(check, ex, definition) };
        lists.set(name, loaders);
      }
      return loaders as PagedLoaders<Row>;
    },
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
