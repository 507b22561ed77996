/**
 * Retention on PostgreSQL (README "Storage"; the schedule and cut-offs: src/db/retention.ts).
 * Each batch is one DELETE of the oldest rows, found through the index on their creation time
 * and committed on its own. SKIP LOCKED: several processes purging at once take different rows
 * instead of waiting for each other.
 */
import { sql } from "drizzle-orm";
import type { Purger } from "../retention";
import type { PgHandle } from "./connection";
import { idempotencyKeys, requests } from "./schema";

export function pgPurger(handle: PgHandle): Purger {
  return {
    async requestsBatch(olderThan, limit) {
      const result = await handle.db.execute(
        sql`delete from ${requests} where ${requests.id} in (select ${requests.id} from ${requests} where ${requests.createdAt} < ${olderThan} order by ${requests.createdAt} limit ${limit} for update skip locked)`,
      );
      return result.rowCount ?? 0;
    },
    async idempotencyKeysBatch(olderThan, limit) {
      const result = await handle.db.execute(
        sql`delete from ${idempotencyKeys} where (${idempotencyKeys.requesterId}, ${idempotencyKeys.key}) in (select ${idempotencyKeys.requesterId}, ${idempotencyKeys.key} from ${idempotencyKeys} where ${idempotencyKeys.createdAt} < ${olderThan} order by ${idempotencyKeys.createdAt} limit ${limit} for update skip locked)`,
      );
      return result.rowCount ?? 0;
    },
    closed: () => handle.pool.ending || handle.pool.ended,
  };
}
