/**
 * The read port (src/app/ports.ts, ReadStore) on PostgreSQL. Every read is one statement on
 * the pool, outside any transaction: it sees the last committed state and never waits for a
 * writer (row locks block writers, not readers). Hot statements are named, so each pooled
 * connection prepares them once (statement-cache.ts).
 */
import type { ReadStore } from "../../app/ports";
import type { PgHandle } from "./connection";
import type { Executor } from "./executor";
import { findCustomerByApiKey } from "./repositories/api-keys";
import {
  readCustomers,
  readEligibleCustomerIds,
  readOffers,
  readPackageOffers,
  readPackages,
  readRequests,
  readSubscriberOffers,
  readSubscribers,
} from "./repositories/batched";
import { configsOf, countSearch, entityAnchor, getConfig, paramValues, searchSubscribers, valuesOn } from "./repositories/external-params";
import { readNodes } from "./repositories/nodes";
import { countPages, fetchPages } from "./repositories/pages";
import { findSubscriber } from "./repositories/subscribers";

/** The read port on one executor. */
export function readStore(ex: Executor): ReadStore {
  return {
    customers: {
      byIds: (ids) => readCustomers(ex, ids),
      byApiKey: (key) => findCustomerByApiKey(ex, key),
    },
    offers: {
      byIds: (ids) => readOffers(ex, ids),
    },
    packages: {
      byIds: (ids) => readPackages(ex, ids),
      offers: (packageIds) => readPackageOffers(ex, packageIds),
      eligibleCustomerIds: (packageIds) => readEligibleCustomerIds(ex, packageIds),
    },
    subscribers: {
      byIds: (ids) => readSubscribers(ex, ids),
      offers: (subscriberIds) => readSubscriberOffers(ex, subscriberIds),
      find: (identifier) => findSubscriber(ex, identifier, "read"),
      search: (search, page) => searchSubscribers(ex, search, page),
      searchCount: (search) => countSearch(ex, search),
    },
    requests: {
      byIds: (ids) => readRequests(ex, ids),
    },
    externalParams: {
      config: (id) => getConfig(ex, id),
      entityAnchor: (entity, entityId) => entityAnchor(ex, entity, entityId),
      values: (entityId, configIds) => paramValues(ex, entityId, configIds),
      configsOf: (ownerId, entityType) => configsOf(ex, ownerId, entityType),
      valuesOn: (ownerId, entityType, entityIds) => valuesOn(ex, ownerId, entityType, entityIds),
    },
    nodes: {
      byIds: (ids) => readNodes(ex, ids),
    },
    lists: {
      pages: (list, parentIds, page) => fetchPages(ex, list, parentIds, page),
      counts: (list, parentIds) => countPages(ex, list, parentIds),
    },
  };
}

const stores = new WeakMap<PgHandle, ReadStore>();

/** The read port on a handle's pool, made once per handle. */
export function pgReads(handle: PgHandle): ReadStore {
  let store = stores.get(handle);
  if (!store) {
    store = readStore(handle.db);
    stores.set(handle, store);
  }
  return store;
}
