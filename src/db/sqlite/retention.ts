/**
 * Retention on SQLite (README "Storage"; the schedule and cut-offs: src/db/retention.ts). Each
 * batch is one DELETE of the oldest rows through the index on their creation time, taken
 * behind the write lock so that it never lands inside a bulk call's open transaction.
 */
import type { Logger } from "pino";
import {
  PURGE_BATCH_SIZE,
  purgeWith,
  startPurging,
  type PurgeCounts,
  type Purger,
  type Retention,
  type RetentionConfig,
  type RetentionOptions,
} from "../retention";
import type { DbHandle } from "./connection";

export {
  PURGE_BATCH_SIZE,
  PURGE_INTERVAL_MS,
  purgeInBatches,
  retentionCutoffs,
  type PurgeCounts,
  type Retention,
  type RetentionConfig,
  type RetentionOptions,
} from "../retention";

/** Deletes up to `limit` of the oldest Requests created before `olderThan`; returns how many. */
export function purgeRequestsBatch(handle: DbHandle, olderThan: Date, limit = PURGE_BATCH_SIZE): number {
  return handle.sqlite
    .prepare(
      "DELETE FROM requests WHERE rowid IN (SELECT rowid FROM requests WHERE created_at < ? ORDER BY created_at LIMIT ?)",
    )
    .run(olderThan.getTime(), limit).changes;
}

/** Deletes up to `limit` of the oldest idempotency keys created before `olderThan`; returns how many. */
export function purgeIdempotencyKeysBatch(handle: DbHandle, olderThan: Date, limit = PURGE_BATCH_SIZE): number {
  return handle.sqlite
    .prepare(
      "DELETE FROM idempotency_keys WHERE rowid IN " +
        "(SELECT rowid FROM idempotency_keys WHERE created_at < ? ORDER BY created_at LIMIT ?)",
    )
    .run(olderThan.getTime(), limit).changes;
}

/** The purge statements on a handle, each batch behind the write lock. */
export function sqlitePurger(handle: DbHandle): Purger {
  return {
    idempotencyKeysBatch: (olderThan, limit) => handle.writeLock.run(() => purgeIdempotencyKeysBatch(handle, olderThan, limit)),
    requestsBatch: (olderThan, limit) => handle.writeLock.run(() => purgeRequestsBatch(handle, olderThan, limit)),
    closed: () => !handle.sqlite.open,
  };
}

/** One purge of both tables, in batches. */
export function purgeExpired(
  handle: DbHandle,
  config: RetentionConfig,
  options: RetentionOptions & { stopped?: () => boolean } = {},
): Promise<PurgeCounts> {
  return purgeWith(sqlitePurger(handle), config, options);
}

/** Purges at start, then every hour, in the background (startPurging). */
export function startRetention(
  handle: DbHandle,
  config: RetentionConfig,
  log: Pick<Logger, "info" | "error">,
  options: RetentionOptions = {},
): Retention {
  return startPurging(sqlitePurger(handle), config, log, options);
}
