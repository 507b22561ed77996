/**
 * The storage port (src/app/ports.ts) on PostgreSQL. A unit of work checks out one pooled
 * connection and runs every statement on it, in BEGIN ISOLATION LEVEL READ COMMITTED … COMMIT
 * issued here (a failed BEGIN would leak the connection in Drizzle's transaction(), and a
 * statement on the pool inside a unit would wait for the connection the unit holds). Where a
 * decision reads rows another unit may change, the reads lock them (README "Storage"): the
 * subscriber a unit finds FOR UPDATE, the package it decides on FOR SHARE (FOR UPDATE before
 * changing or deleting it), and the keys of rows that may not exist yet (identifiers, names,
 * idempotency keys) through advisory locks (repositories/locks.ts). A savepoint is SAVEPOINT …
 * RELEASE, or ROLLBACK TO when the part is not kept; its locks go with it.
 */
import { and, eq } from "drizzle-orm";
import type { PoolClient } from "pg";
import type { Storage, WriteStore } from "../../app/ports";
import type { PackageFacts } from "../../domain/accounts/visibility";
import type { PgHandle } from "./connection";
import type { Executor } from "./executor";
import { getApiKey, insertApiKey, revokeApiKey } from "./repositories/api-keys";
import { getCustomer, getCustomers, insertCustomer, updateCustomer } from "./repositories/customers";
import { clearParamValue, entityAnchor, findConfigByName, getConfig, insertConfig, setParamValue } from "./repositories/external-params";
import { lockKey, lockKeys } from "./repositories/locks";
import { getOfferFacts, getOffersFacts, insertOffer } from "./repositories/offers";
import {
  countSubscribersWith,
  deletePackage,
  findPackageByNameKey,
  getPackageDraft,
  getPackageFacts,
  getPackagesFacts,
  hasAllocatedPackage,
  insertPackage,
  setSubscriberPackage,
  setSubscribersPackages,
  updatePackage,
} from "./repositories/packages";
import { recordRequest, recordRequests } from "./repositories/requests";
import {
  deleteSubscriberOffer,
  findSubscriber,
  findSubscribers,
  getSubscriber,
  getSubscriberOfferFacts,
  getSubscriberOffers,
  identifierTaken,
  identifiersTaken,
  insertSubscriber,
  insertSubscribers,
  insertSubscriberOffer,
  lockSubscribers,
} from "./repositories/subscribers";
import { idempotencyKeys } from "./schema";

/** How many times a unit of work is run when PostgreSQL ends it to break a deadlock. */
export const DEADLOCK_ATTEMPTS = 3;

/** PostgreSQL's codes for a transaction it ended so that another could go on (safe to run again). */
const RETRYABLE = new Set(["40P01", "40001"]);

/** The SQLSTATE of a failed statement; Drizzle wraps the driver's error as its cause. */
export function pgCode(error: unknown): string | undefined {
  for (let e = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/** The port's reads and writes on one unit of work's connection. */
function writeStore(ex: Executor, client: PoolClient): WriteStore {
  let savepoints = 0;
  // The package facts each decision of this unit was given: an attach checks them again
  // under its lock, since a bulk call may keep facts across items whose savepoints (and
  // their locks) were rolled back.
  const decidedOn = new Map<string, PackageFacts>();
  return {
    customers: {
      get: (id) => getCustomer(ex, id),
      getMany: (ids) => getCustomers(ex, ids),
      insert: (customer) => insertCustomer(ex, customer),
      update: (id, change) => updateCustomer(ex, id, change),
    },
    apiKeys: {
      get: (id) => getApiKey(ex, id),
      insert: (key) => insertApiKey(ex, key),
      revoke: (id, at) => revokeApiKey(ex, id, at),
    },
    offers: {
      facts: (id) => getOfferFacts(ex, id),
      factsOf: (ids) => getOffersFacts(ex, ids),
      insert: (offer) => insertOffer(ex, offer),
    },
    packages: {
      async facts(id) {
        const facts = await getPackageFacts(ex, id);
        if (facts) decidedOn.set(id, facts);
        return facts;
      },
      async factsOf(ids) {
        const found = await getPackagesFacts(ex, ids);
        for (const facts of found) decidedOn.set(facts.id, facts);
        return found;
      },
      findByNameKey: (ownerId, nameKey, exceptId) => findPackageByNameKey(ex, ownerId, nameKey, exceptId),
      draftOf: (facts) => getPackageDraft(ex, facts),
      subscriberCount: (id) => countSubscribersWith(ex, id),
      insert: (pkg) => insertPackage(ex, pkg),
      update: (id, draft, now) => updatePackage(ex, id, draft, now),
      delete: (id) => deletePackage(ex, id),
      hasAllocated: (requester) => hasAllocatedPackage(ex, requester),
    },
    subscribers: {
      find: (identifier) => findSubscriber(ex, identifier, "lock"),
      lockAll: (identifiers) => lockSubscribers(ex, identifiers),
      findAll: (identifiers) => findSubscribers(ex, identifiers, "lock"),
      identifiersTaken: (identifiers) => identifiersTaken(ex, identifiers),
      insertMany: (rows) => insertSubscribers(ex, rows),
      get: (id) => getSubscriber(ex, id),
      identifierTaken: (identifier) => identifierTaken(ex, identifier),
      insert: (subscriber) => insertSubscriber(ex, subscriber),
      offers: (subscriberId) => getSubscriberOffers(ex, subscriberId),
      offerFacts: (id) => getSubscriberOfferFacts(ex, id),
      insertOffer: (offer) => insertSubscriberOffer(ex, offer),
      deleteOffer: (id) => deleteSubscriberOffer(ex, id),
      setPackage: (change) => setSubscriberPackage(ex, change, change.attach ? decidedOn.get(change.attach.id) : undefined),
      replacePackages: (changes) => setSubscribersPackages(ex, changes),
    },
    externalParams: {
      config: (id) => getConfig(ex, id),
      configByName: (ownerId, entityType, name) => findConfigByName(ex, ownerId, entityType, name),
      insertConfig: (config) => insertConfig(ex, config),
      entityAnchor: (entity, entityId) => entityAnchor(ex, entity, entityId),
      setValue: (value) => setParamValue(ex, value),
      clearValue: (configId, entityId) => clearParamValue(ex, configId, entityId),
    },
    requests: {
      record: (unit) => recordRequest(ex, unit),
      recordMany: (units) => recordRequests(ex, units),
    },
    idempotencyKeys: {
      // The key is locked first (until the unit ends): a concurrent call with the same key
      // waits, then finds the outcome stored and replays it (README "Safe retries").
      async find(requesterId, key) {
        await lockKey(ex, lockKeys.idempotencyKey(requesterId, key));
        const [row] = await ex
          .select()
          .from(idempotencyKeys)
          .where(and(eq(idempotencyKeys.requesterId, requesterId), eq(idempotencyKeys.key, key)));
        return row;
      },
      insert: async (row) => void (await ex.insert(idempotencyKeys).values(row)),
    },
    // A few statements per batch however large: what one statement's arrays carry easily.
    batchItems: 1000,
    async savepoint(body, keep) {
      const name = `part_${++savepoints}`;
      await client.query(`SAVEPOINT ${name}`);
      let kept = false;
      try {
        const result = await body();
        kept = keep(result);
        return result;
      } finally {
        // After a failed statement the transaction accepts nothing but this rollback.
        if (!kept) await client.query(`ROLLBACK TO SAVEPOINT ${name}`);
        await client.query(`RELEASE SAVEPOINT ${name}`);
      }
    },
  };
}

/**
 * One transaction on one checked-out connection. Whatever happens the connection goes back to
 * the pool, and is destroyed instead when its state is in doubt: BEGIN or ROLLBACK failed, or
 * the connection reported an error.
 */
async function inTransaction<T>(handle: PgHandle, body: (store: WriteStore) => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown; begun: boolean }> {
  const client = await handle.pool.connect();
  let broken: Error | undefined;
  // A connection that fails while the unit awaits something else reports it here; without a
  // listener the event would end the process. The unit's next statement fails on its own.
  const onError = (error: Error) => void (broken ??= error);
  client.on("error", onError);
  try {
    try {
      await client.query("BEGIN ISOLATION LEVEL READ COMMITTED");
    } catch (error) {
      broken ??= asError(error);
      return { ok: false, error, begun: false };
    }
    try {
      const value = await body(writeStore(handle.on(client), client));
      await client.query("COMMIT");
      return { ok: true, value };
    } catch (error) {
      try {
        await client.query("ROLLBACK");
      } catch (rollbackError) {
        broken ??= asError(rollbackError);
      }
      return { ok: false, error, begun: true };
    }
  } finally {
    client.off("error", onError);
    client.release(broken);
  }
}

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

/**
 * The port on a pool. A unit of work runs on one pooled connection; units on other
 * connections run at the same time, ordered by the locks they take. A unit whose BEGIN fails
 * (a pooled connection that died while idle) starts again on another connection once; a unit
 * PostgreSQL ends to break a deadlock (two units changing one package, each holding it FOR
 * SHARE) runs again from the start, at most DEADLOCK_ATTEMPTS times in all: nothing of the
 * ended run was kept. A body may so run more than once; runMutation's keeps its state inside
 * it, and package facts a use case keeps outside are checked again by the attach.
 */
export function pgStorage(handle: PgHandle): Storage {
  return {
    async unitOfWork(body) {
      let beginFailures = 0;
      let deadlocks = 0;
      for (;;) {
        const outcome = await inTransaction(handle, body);
        if (outcome.ok) return outcome.value;
        if (!outcome.begun && ++beginFailures < 2) continue;
        if (outcome.begun && RETRYABLE.has(pgCode(outcome.error) ?? "") && ++deadlocks < DEADLOCK_ATTEMPTS) continue;
        throw outcome.error;
      }
    },
    async recordOutside(unit) {
      // One statement: PostgreSQL commits it alone, on whichever connection is free.
      await recordRequest(handle.db, unit);
    },
  };
}
