/**
 * The storage port (src/app/ports.ts) on SQLite. A unit of work runs on the writer connection
 * behind the process's write lock, in BEGIN IMMEDIATE … COMMIT issued here (Drizzle's
 * transaction() on better-sqlite3 is synchronous and would commit before an await); a
 * savepoint is SAVEPOINT … RELEASE, or ROLLBACK TO when the part is not kept. The repositories
 * are synchronous (better-sqlite3): each port method runs one and resolves with its result.
 */
import { and, eq } from "drizzle-orm";
import type * as Port from "../../app/ports";
import type { Storage, WriteStore } from "../../app/ports";
import type { DbHandle } from "./connection";
import type { Executor } from "./executor";
import { lookupKey } from "../../domain/subscribers/identifiers";
import { getApiKey, insertApiKey, revokeApiKey } from "./repositories/api-keys";
import { getCustomer, getCustomers, insertCustomer, updateCustomer } from "./repositories/customers";
import { clearParamValue, entityAnchor, findConfigByName, getConfig, insertConfig, setParamValue } from "./repositories/external-params";
import { getOfferFacts, getOffersFacts, insertOffer } from "./repositories/offers";
import {
  countSubscribersWith,
  deletePackage,
  findPackageByNameKey,
  getPackageDraft,
  getPackageFacts,
  hasAllocatedPackage,
  insertPackage,
  setSubscriberPackage,
  updatePackage,
} from "./repositories/packages";
import { recordRequest } from "./repositories/requests";
import {
  deleteSubscriberOffer,
  findSubscriber,
  getSubscriber,
  getSubscriberOfferFacts,
  getSubscriberOffers,
  identifierTaken,
  insertSubscriber,
} from "./repositories/subscribers";
import { idempotencyKeys, subscriberOffers } from "./schema";
import type * as Schema from "./schema";

/** True when A and B are the same shape: the schema's rows are the port's rows, no more, no less. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const rowsMatch: [
  Same<Schema.CustomerRow, Port.CustomerRow>,
  Same<Schema.ApiKeyRow, Port.ApiKeyRow>,
  Same<Schema.OfferRow, Port.OfferRow>,
  Same<Schema.PackageRow, Port.PackageRow>,
  Same<Schema.SubscriberRow, Port.SubscriberRow>,
  Same<Schema.SubscriberOfferRow, Port.SubscriberOfferRow>,
  Same<Schema.ExternalParamConfigRow, Port.ExternalParamConfigRow>,
  Same<Schema.IdempotencyKeyRow, Port.IdempotencyKeyRow>,
] = [true, true, true, true, true, true, true, true];
void rowsMatch;

type SavepointStatements = Record<"begin" | "rollback" | "release", { run(): unknown }>;
const savepointCache = new WeakMap<DbHandle["sqlite"], SavepointStatements[]>();

/** SAVEPOINT, ROLLBACK TO and RELEASE of the savepoint at one nesting depth, prepared once per connection. */
function savepointStatements(sqlite: DbHandle["sqlite"], depth: number): SavepointStatements {
  let byDepth = savepointCache.get(sqlite);
  if (!byDepth) savepointCache.set(sqlite, (byDepth = []));
  const name = `part_${depth}`;
  return (byDepth[depth] ??= {
    begin: sqlite.prepare(`SAVEPOINT ${name}`),
    rollback: sqlite.prepare(`ROLLBACK TO ${name}`),
    release: sqlite.prepare(`RELEASE ${name}`),
  });
}

/**
 * How many bulk items a batch takes on SQLite. A batch runs without a break (some 40 ms of
 * writes): units of work run on the write thread, so only other writers wait for it, and they
 * wait for the unit anyway.
 */
export const SQLITE_BATCH_ITEMS = 512; // scripts/lib/raw-bulk.ts runs the same batches raw

/** The port's reads and writes on one executor (the writer, inside a unit of work). */
function writeStore(ex: Executor, sqlite: DbHandle["sqlite"]): WriteStore {
  let depth = 0;
  return {
    customers: {
      get: async (id) => getCustomer(ex, id),
      getMany: async (ids) => getCustomers(ex, ids),
      insert: async (customer) => insertCustomer(ex, customer),
      update: async (id, change) => updateCustomer(ex, id, change),
    },
    apiKeys: {
      get: async (id) => getApiKey(ex, id),
      insert: async (key) => insertApiKey(ex, key),
      revoke: async (id, at) => revokeApiKey(ex, id, at),
    },
    offers: {
      facts: async (id) => getOfferFacts(ex, id),
      factsOf: async (ids) => getOffersFacts(ex, ids),
      insert: async (offer) => insertOffer(ex, offer),
    },
    packages: {
      facts: async (id) => getPackageFacts(ex, id),
      factsOf: async (ids) => ids.flatMap((id) => getPackageFacts(ex, id) ?? []),
      findByNameKey: async (ownerId, nameKey, exceptId) => findPackageByNameKey(ex, ownerId, nameKey, exceptId),
      draftOf: async (facts) => getPackageDraft(ex, facts),
      subscriberCount: async (id) => countSubscribersWith(ex, id),
      insert: async (pkg) => insertPackage(ex, pkg),
      update: async (id, draft, now) => updatePackage(ex, id, draft, now),
      delete: async (id) => deletePackage(ex, id),
      hasAllocated: async (requester) => hasAllocatedPackage(ex, requester),
    },
    subscribers: {
      find: async (identifier) => findSubscriber(ex, identifier),
      // A unit of work holds the database's one write lock: there is nothing to order.
      lockAll: async () => undefined,
      async findAll(identifiers) {
        const found = new Map<string, NonNullable<ReturnType<typeof findSubscriber>>>();
        for (const identifier of identifiers) {
          const key = lookupKey(identifier);
          if (found.has(key)) continue;
          const subscriber = findSubscriber(ex, identifier);
          if (subscriber) found.set(key, subscriber);
        }
        return found;
      },
      get: async (id) => getSubscriber(ex, id),
      identifierTaken: async (identifier) => identifierTaken(ex, identifier),
      identifiersTaken: async (identifiers) => new Set(identifiers.filter((i) => identifierTaken(ex, i)).map(lookupKey)),
      insert: async (subscriber) => insertSubscriber(ex, subscriber),
      insertMany: async (rows) => rows.map((row) => insertSubscriber(ex, row)),
      offers: async (subscriberId) => getSubscriberOffers(ex, subscriberId),
      offerFacts: async (id) => getSubscriberOfferFacts(ex, id),
      insertOffer: async (offer) => ex.insert(subscriberOffers).values(offer).returning().get(),
      deleteOffer: async (id) => deleteSubscriberOffer(ex, id),
      setPackage: async (change) => setSubscriberPackage(ex, change),
      // Prepared statements in process: one per row costs no more than a set-based one.
      replacePackages: async (changes) => changes.forEach((change) => setSubscriberPackage(ex, change)),
    },
    externalParams: {
      config: async (id) => getConfig(ex, id),
      configByName: async (ownerId, entityType, name) => findConfigByName(ex, ownerId, entityType, name),
      insertConfig: async (config) => insertConfig(ex, config),
      entityAnchor: async (entity, entityId) => entityAnchor(ex, entity, entityId),
      setValue: async (value) => setParamValue(ex, value),
      clearValue: async (configId, entityId) => clearParamValue(ex, configId, entityId),
    },
    requests: {
      record: async (unit) => recordRequest(ex, unit),
      recordMany: async (units) => units.map((unit) => recordRequest(ex, unit)),
    },
    idempotencyKeys: {
      find: async (requesterId, key) =>
        ex.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.requesterId, requesterId), eq(idempotencyKeys.key, key))).get(),
      insert: async (row) => void ex.insert(idempotencyKeys).values(row).run(),
    },
    batchItems: SQLITE_BATCH_ITEMS,
    async savepoint(body, keep) {
      // Named by depth, so that the same few statements, prepared once, serve every item.
      const { begin, rollback, release } = savepointStatements(sqlite, ++depth);
      begin.run();
      let kept = false;
      try {
        const result = await body();
        kept = keep(result);
        return result;
      } finally {
        if (!kept) rollback.run();
        release.run();
        depth--;
      }
    },
  };
}

/** The port on a database handle: units of work on its writer, one at a time. */
export function sqliteStorage(handle: DbHandle): Storage {
  return {
    unitOfWork(body) {
      return handle.writeLock.run(async () => {
        const sqlite = handle.sqlite;
        sqlite.exec("BEGIN IMMEDIATE");
        try {
          const result = await body(writeStore(handle.db, sqlite));
          sqlite.exec("COMMIT");
          return result;
        } finally {
          if (sqlite.inTransaction) sqlite.exec("ROLLBACK");
        }
      });
    },
    async recordOutside(unit) {
      await handle.writeLock.run(() => void recordRequest(handle.db, unit));
    },
  };
}
