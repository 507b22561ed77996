/**
 * Retention (README "Storage"), whatever the engine: Requests are kept REQUEST_RETENTION_DAYS
 * and idempotency keys IDEMPOTENCY_TTL_HOURS, then deleted in the background. Each statement
 * deletes a small batch of the oldest rows through an index on their creation time, and the
 * event loop runs between batches, so that a large backlog never holds a lock or the process
 * for long. Each adapter supplies the two batch statements (src/db/<engine>/retention.ts).
 */
import { setImmediate as nextTurn } from "node:timers/promises";
import type { Logger } from "pino";
import type { Config } from "../config";

/** Rows deleted by one statement. */
export const PURGE_BATCH_SIZE = 500;
/** Time between two purges after the one at start. */
export const PURGE_INTERVAL_MS = 3600_000;

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

export type RetentionConfig = Pick<Config, "requestRetentionDays" | "idempotencyTtlHours">;

export interface RetentionOptions {
  batchSize?: number;
  intervalMs?: number;
  now?: () => Date;
}

export interface PurgeCounts {
  requests: number;
  idempotencyKeys: number;
}

/** One engine's purge statements: each deletes up to `limit` of the oldest rows created before `olderThan`. */
export interface Purger {
  idempotencyKeysBatch(olderThan: Date, limit: number): number | Promise<number>;
  requestsBatch(olderThan: Date, limit: number): number | Promise<number>;
  /** The database is closed: nothing more to purge. */
  closed(): boolean;
}

/**
 * The cut-off times: rows created before them are deleted. A Request is kept at least as long
 * as the idempotency keys, since a replayed answer names its Requests by id.
 */
export function retentionCutoffs(config: RetentionConfig, now: Date): { requests: Date; idempotencyKeys: Date } {
  const keysMs = config.idempotencyTtlHours * HOUR_MS;
  const requestsMs = Math.max(config.requestRetentionDays * DAY_MS, keysMs);
  return { requests: new Date(now.getTime() - requestsMs), idempotencyKeys: new Date(now.getTime() - keysMs) };
}

/**
 * Runs a batch until it deletes fewer rows than the batch size, letting the event loop run
 * between two batches. `stopped` is checked before each batch. Returns the rows deleted.
 */
export async function purgeInBatches(
  batch: (limit: number) => number | Promise<number>,
  batchSize = PURGE_BATCH_SIZE,
  stopped: () => boolean = () => false,
): Promise<number> {
  let total = 0;
  while (!stopped()) {
    const deleted = await batch(batchSize);
    total += deleted;
    if (deleted < batchSize) break;
    await nextTurn();
  }
  return total;
}

/** One purge of both tables, in batches. */
export async function purgeWith(
  purger: Purger,
  config: RetentionConfig,
  options: RetentionOptions & { stopped?: () => boolean } = {},
): Promise<PurgeCounts> {
  const cutoffs = retentionCutoffs(config, (options.now ?? (() => new Date()))());
  const batchSize = options.batchSize ?? PURGE_BATCH_SIZE;
  const stopped = options.stopped ?? (() => purger.closed());
  const idempotencyKeys = await purgeInBatches((n) => purger.idempotencyKeysBatch(cutoffs.idempotencyKeys, n), batchSize, stopped);
  const requests = await purgeInBatches((n) => purger.requestsBatch(cutoffs.requests, n), batchSize, stopped);
  return { requests, idempotencyKeys };
}

export interface Retention {
  /** Stops the timer; a purge under way stops before its next batch. */
  stop(): void;
  /** Resolves when no purge is under way (for tests and orderly shutdown). */
  idle(): Promise<void>;
}

/**
 * Purges at start, then every `intervalMs` (an hour by default), in the background. A purge
 * that fails (another process held a lock too long, the database was unreachable) is logged
 * and tried again at the next interval; a purge still running when the next one is due is not
 * doubled.
 */
export function startPurging(
  purger: Purger,
  config: RetentionConfig,
  log: Pick<Logger, "info" | "error">,
  options: RetentionOptions = {},
): Retention {
  let stopped = false;
  let running: Promise<void> | null = null;
  const isStopped = () => stopped || purger.closed();

  const run = () => {
    if (running || isStopped()) return;
    running = purgeWith(purger, config, { ...options, stopped: isStopped })
      .then((counts) => {
        if (counts.requests || counts.idempotencyKeys) log.info({ purged: counts }, "retention: purged expired rows");
      })
      .catch((error: unknown) => {
        if (!isStopped()) log.error({ err: error }, "retention: purge failed, trying again at the next interval");
      })
      .finally(() => {
        running = null;
      });
  };

  const timer = setInterval(run, options.intervalMs ?? PURGE_INTERVAL_MS);
  timer.unref();
  run();
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
    },
    idle: () => running ?? Promise.resolve(),
  };
}
