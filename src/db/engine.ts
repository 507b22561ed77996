/**
 * The one place that chooses the database engine (SPEC section 6): PostgreSQL when DATABASE_URL
 * is set, else the SQLite file at DATABASE_PATH. The server and the commands see an Engine or a
 * WorldTarget and never ask which it is; only src/db/<engine>/ knows.
 */
import type { Logger } from "pino";
import { withoutPassword, type Config } from "../config";
import type { ReadStore, Storage } from "../app/ports";
import type { LoadWorldResult, World } from "../domain/world/world";
import { openPgEngine, openPgWorldTarget } from "./pg/engine";
import type { Retention } from "./retention";
import { openSqliteEngine, openSqliteWorldTarget } from "./sqlite/engine";

/** A database the server serves from. */
export interface Engine {
  /** What the start-up log line says of the database (never a password). */
  describe: Record<string, string>;
  storage: Storage;
  reads: ReadStore;
  /**
   * Mutations run on the write thread (src/http/write-thread.ts), which opens its own
   * connections: SQLite's driver is synchronous and would hold up the reads of this thread.
   * False on PostgreSQL, whose pool is asynchronous (and cannot cross threads).
   */
  writeThread: boolean;
  /** Resolves when the database answers; rejects when it does not (/readyz). */
  check(): Promise<void>;
  /** Loads a world into a database that holds no customer yet; null when it holds one. */
  loadWorldIfEmpty(world: World): Promise<LoadWorldResult | null>;
  /** Purges expired Requests and idempotency keys in the background (README "Storage"). */
  startRetention(config: Config, log: Logger): Retention;
  close(): Promise<void>;
}

/** What `npm run db:load` needs of a database. */
export interface WorldTarget {
  loadWorld(world: World): Promise<LoadWorldResult>;
  close(): Promise<void>;
}

/** Where the configured database is, as it may be printed: the SQLite path, or the URL without its password. */
export function databaseLocation(config: Pick<Config, "databaseUrl" | "databasePath">): string {
  return config.databaseUrl ? withoutPassword(config.databaseUrl) : config.databasePath;
}

/**
 * Opens, migrates and proves the configured database for serving. Problems with the setting
 * itself throw a SettingError (src/config.ts); anything else (a broken migration) is thrown as it is.
 */
export function openEngine(config: Config, log: Logger): Promise<Engine> {
  return config.databaseUrl ? openPgEngine(config.databaseUrl, config, log) : openSqliteEngine(config);
}

/** Opens and migrates the configured database for loading a world into it. */
export function openWorldTarget(config: Config): Promise<WorldTarget> {
  return config.databaseUrl ? openPgWorldTarget(config.databaseUrl) : openSqliteWorldTarget(config);
}
