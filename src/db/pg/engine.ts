/**
 * PostgreSQL as the server's engine (src/db/engine.ts; README "Storage", "Scaling out"): one
 * pool per process, migrations applied at start (processes take turns, connection.ts),
 * mutations on the main thread (the pool is asynchronous), the key cache kept true across
 * processes by LISTEN/NOTIFY (key-cache.ts).
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";
import { SettingError, withoutPassword, type Config } from "../../config";
import type { Storage } from "../../app/ports";
import type { Engine, WorldTarget } from "../engine";
import { startPurging } from "../retention";
import { openMigratedPgDatabase, type PgHandle, type PgOptions } from "./connection";
import { rememberingKeyLookup } from "./key-cache";
import { pgReads } from "./read-store";
import { pgPurger } from "./retention";
import { pgCode, pgStorage } from "./store";
import { loadWorld, loadWorldIfEmpty } from "./world-loader";

/** Longest /readyz waits for the database's answer (a pool busy with long calls answers late). */
const CHECK_TIMEOUT_MS = 2_000;

/**
 * Failures that come from the setting, not from a fault: the server cannot be reached or
 * found, refuses the user, or has no such database. Node's socket codes and PostgreSQL's
 * SQLSTATEs (28: authorization, 3D000: no such database, 57P03: cannot connect now).
 */
const SETTING_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ECONNRESET",
  "28000",
  "28P01",
  "3D000",
  "57P03",
]);

function codeOf(error: unknown): string | undefined {
  for (let e = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return pgCode(error);
}

/** Opens and migrates the database at `url`; a failure of the setting becomes a SettingError naming DATABASE_URL. */
async function openMigrated(url: string, options: PgOptions): Promise<PgHandle> {
  try {
    return await openMigratedPgDatabase(url, options);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const code = codeOf(error);
    // pg's own words for a connect timeout carry no code.
    if ((code && SETTING_CODES.has(code)) || /timeout expired|Connection terminated/i.test(reason)) {
      throw new SettingError(`DATABASE_URL=${withoutPassword(url)}: cannot connect to the database (${reason})`);
    }
    throw error;
  }
}

export async function openPgEngine(url: string, config: Config, log: Logger): Promise<Engine> {
  const handle = await openMigrated(url, {
    maxConnections: config.databasePoolSize,
    // A pooled connection the server ended while it sat idle: the pool opens another when needed.
    onIdleError: (error) => log.warn({ err: error }, "a pooled database connection was lost while idle"),
  });
  return pgEngine(handle, log, { database: withoutPassword(url) });
}

/** The engine on an open, migrated handle (the tests open theirs on a database of their own). */
export async function pgEngine(handle: PgHandle, log: Logger, describe: Record<string, string> = {}): Promise<Engine> {
  const base = pgReads(handle);
  const keys = rememberingKeyLookup(handle, (key) => base.customers.byApiKey(key), log);
  await keys.started;
  const reads = { ...base, customers: { ...base.customers, byApiKey: keys.lookup } };
  const units = pgStorage(handle);
  // This process's own commits are seen by its next request at once, as on SQLite, without
  // waiting for their notice to come back: what it remembered is forgotten when a unit ends.
  const storage: Storage = {
    ...units,
    async unitOfWork(body) {
      try {
        return await units.unitOfWork(body);
      } finally {
        keys.forget();
      }
    },
  };
  return {
    describe,
    storage,
    reads,
    writeThread: false,
    async check() {
      const answered = handle.pool.query("select 1").then(() => "answered" as const);
      answered.catch(() => undefined);
      const outcome = await Promise.race([answered, sleep(CHECK_TIMEOUT_MS, "late" as const, { ref: false })]);
      if (outcome === "late") throw new Error(`the database did not answer within ${CHECK_TIMEOUT_MS} ms`);
    },
    loadWorldIfEmpty: (world) => loadWorldIfEmpty(handle, world),
    startRetention: (retention, purgeLog) => startPurging(pgPurger(handle), retention, purgeLog),
    async close() {
      await keys.close();
      await handle.close();
    },
  };
}

/** Opens and migrates the database at DATABASE_URL for db:load. */
export async function openPgWorldTarget(url: string): Promise<WorldTarget> {
  const handle = await openMigrated(url, { maxConnections: 2 });
  return {
    loadWorld: (world) => loadWorld(handle, world),
    close: () => handle.close(),
  };
}
