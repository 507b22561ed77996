/**
 * Locks a unit of work takes where its decision reads rows another transaction may change
 * (README "Storage"). A row that exists is locked itself (SELECT … FOR UPDATE / FOR SHARE, in
 * the repositories); a row that may not exist yet (an identifier, a name, an idempotency key
 * that a concurrent unit is about to insert) is stood for by a transaction advisory lock on
 * its key, so that the second unit waits for the first to commit and then sees its row,
 * answering the refusal the rule names instead of failing on the unique index. Both kinds are
 * held until the transaction ends, or until the savepoint they were taken in is rolled back.
 */
import { sql } from "drizzle-orm";
import type { Executor } from "../executor";

/** Waits for, then holds until the end of the transaction, the advisory lock named `key`. */
export async function lockKey(ex: Executor, key: string): Promise<void> {
  // hashtextextended: a 64-bit hash of the key; two keys that collide only wait for each other.
  await ex.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}

/**
 * The advisory lock keys, one namespace per rule, so that keys of two rules never meet. Fields
 * are separated by a space: only the last field may hold one, so no two keys read alike.
 */
export const lockKeys = {
  /** An idempotency key of a requester (README "Safe retries"). */
  idempotencyKey: (requesterId: string, key: string) => `idempotency-key ${requesterId} ${key}`,
  /**
   * Every new subscriber identifier, unique across the system (SPEC section 4): one lock for
   * all of them, not one per identifier, so units creating subscribers take turns. A lock per
   * identifier held to the end of the unit would put up to 50,000 locks in PostgreSQL's shared
   * lock table for one full createSubscribers call (10,000 items of five identifiers), past its
   * size (max_locks_per_transaction × max_connections, 6,400 by default): that call, and any
   * other transaction needing a lock meanwhile, would fail with "out of shared memory".
   */
  subscriberIdentifiers: () => "subscriber-identifiers",
  /** A package name key of an owner: unique per owner. */
  packageName: (ownerId: string, nameKey: string) => `package-name ${ownerId} ${nameKey}`,
  /** An external param config name of an owner and entity type: unique per owner and type. */
  paramConfigName: (ownerId: string, entityType: string, name: string) =>
    `param-config-name ${ownerId} ${entityType} ${name}`,
};
