/**
 * The notice that remembered API keys may be out of date (key-cache.ts): a key revoked, a
 * customer renamed or changed. Every serving process LISTENs on this channel.
 */
import { sql } from "drizzle-orm";
import type { Executor } from "../executor";

/** The channel of the notices. */
export const KEY_CHANGES = "connectivity_api_key_changes";

/**
 * Tells every process that remembered keys may be out of date. Inside a unit of work, so
 * PostgreSQL sends it at commit, and not at all when the unit is rolled back.
 */
export async function notifyKeyChange(ex: Executor): Promise<void> {
  await ex.execute(sql`select pg_notify(${KEY_CHANGES}, '')`);
}
