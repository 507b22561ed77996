/**
 * The read port (src/app/ports.ts, ReadStore) on SQLite. Every read runs on the reader
 * connection, which in WAL mode sees the last committed state and never waits for the writer.
 * The repositories are synchronous (better-sqlite3): each port method runs one prepared
 * statement (prepared once per connection) and resolves with its result.
 */
import type * as Port from "../../app/ports";
import type { ReadStore } from "../../app/ports";
import type { DbHandle } from "./connection";
import type { Executor } from "./executor";
import { findCustomerByApiKey, rememberingKeyLookup } from "./repositories/api-keys";
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
import type * as Schema from "./schema";

/** True when A and B are the same shape (store.ts checks the other rows the same way). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const rowsMatch: Same<Schema.RequestRow, Port.RequestRow> = true;
void rowsMatch;

/**
 * The read port on one connection. On a connection that never writes, `rememberKeys` keeps the
 * customers of live keys until the next commit (rememberingKeyLookup): every request asks it first.
 */
export function readStore(ex: Executor, options: { rememberKeys?: boolean } = {}): ReadStore {
  const byApiKey = options.rememberKeys ? rememberingKeyLookup(ex) : (key: string) => findCustomerByApiKey(ex, key);
  return {
    customers: {
      byIds: async (ids) => readCustomers(ex, ids),
      byApiKey: async (key) => byApiKey(key),
    },
    offers: {
      byIds: async (ids) => readOffers(ex, ids),
    },
    packages: {
      byIds: async (ids) => readPackages(ex, ids),
      offers: async (packageIds) => readPackageOffers(ex, packageIds),
      eligibleCustomerIds: async (packageIds) => readEligibleCustomerIds(ex, packageIds),
    },
    subscribers: {
      byIds: async (ids) => readSubscribers(ex, ids),
      offers: async (subscriberIds) => readSubscriberOffers(ex, subscriberIds),
      find: async (identifier) => findSubscriber(ex, identifier),
      search: async (search, page) => searchSubscribers(ex, search, page),
      searchCount: async (search) => countSearch(ex, search),
    },
    requests: {
      byIds: async (ids) => readRequests(ex, ids),
    },
    externalParams: {
      config: async (id) => getConfig(ex, id),
      entityAnchor: async (entity, entityId) => entityAnchor(ex, entity, entityId),
      values: async (entityId, configIds) => paramValues(ex, entityId, configIds),
      configsOf: async (ownerId, entityType) => configsOf(ex, ownerId, entityType),
      valuesOn: async (ownerId, entityType, entityIds) => valuesOn(ex, ownerId, entityType, entityIds),
    },
    nodes: {
      byIds: async (ids) => readNodes(ex, ids),
    },
    lists: {
      pages: async (list, parentIds, page) => fetchPages(ex, list, parentIds, page),
      counts: async (list, parentIds) => countPages(ex, list, parentIds),
    },
  };
}

const stores = new WeakMap<DbHandle, ReadStore>();

/** The read port on a database handle's reader, made once per handle. */
export function sqliteReads(handle: DbHandle): ReadStore {
  let store = stores.get(handle);
  if (!store) {
    // An in-memory database has one connection: its own commits would not move data_version.
    store = readStore(handle.reader, { rememberKeys: handle.readerSqlite !== handle.sqlite });
    stores.set(handle, store);
  }
  return store;
}
