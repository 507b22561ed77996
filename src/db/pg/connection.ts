/**
 * PostgreSQL connections (SPEC section 6, DATABASE_URL=postgres://…): one pool per process.
 * Reads run on the pool, each statement on whichever connection is free; a unit of work checks
 * out one connection and runs every statement of its transaction on it (store.ts). Any number
 * of processes may share one database: PostgreSQL's row locks order their writes, not a lock
 * in this process.
 */
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { resolve } from "node:path";
import { Client, Pool, type PoolClient } from "pg";
import type { Executor } from "./executor";

export interface PgOptions {
  /** Longest a statement may run, lock waits included, before PostgreSQL cancels it. */
  statementTimeoutMs?: number;
  /**
   * Longest a transaction may sit idle (its process hung or cut off mid-unit) before PostgreSQL
   * ends its session, so that its row locks do not hold every other writer up for good.
   */
  idleInTransactionTimeoutMs?: number;
  /** Most connections this process opens. */
  maxConnections?: number;
  /** Longest a checkout waits for a free connection (or for a new one to open). */
  connectTimeoutMs?: number;
  /** Told about a pooled connection that failed while idle (the pool drops it and opens another). */
  onIdleError?: (error: Error) => void;
}

export const PG_DEFAULTS = {
  statementTimeoutMs: 30_000,
  idleInTransactionTimeoutMs: 60_000,
  maxConnections: 10,
  connectTimeoutMs: 10_000,
} as const;

export interface PgHandle {
  pool: Pool;
  /** Drizzle on the pool: the read port's statements. */
  db: Executor;
  /** Drizzle on one checked-out connection (made once per connection, so its statements are prepared once). */
  on(client: PoolClient): Executor;
  /** Statements run through Drizzle since open: the N+1 tests read it. */
  statements: { count: number };
  /** A connection of its own, outside the pool, with the pool's settings (a LISTEN needs one held for good). */
  newClient(): Client;
  close(): Promise<void>;
}

export const PG_MIGRATIONS_FOLDER = resolve(__dirname, "../../../drizzle/pg");

/**
 * Opens a pool on a postgres:// URL; no connection is made until the first statement. Every
 * connection starts with statement_timeout and idle_in_transaction_session_timeout set (the
 * startup `options` parameter: no extra round trip); `options` already in the URL are kept and
 * come after ours, so they win where both set one parameter.
 */
export function openPgDatabase(url: string, options: PgOptions = {}): PgHandle {
  const settings = { ...PG_DEFAULTS, ...options };
  const { connectionString, urlOptions } = withoutOptions(url);
  const startup = [
    `-c statement_timeout=${settings.statementTimeoutMs}`,
    `-c idle_in_transaction_session_timeout=${settings.idleInTransactionTimeoutMs}`,
    urlOptions,
  ];
  const connection = {
    connectionString,
    options: startup.filter(Boolean).join(" "),
    connectionTimeoutMillis: settings.connectTimeoutMs,
    application_name: "connectivity-graphql-api",
  };
  const pool = new Pool({ ...connection, max: settings.maxConnections });
  // An idle connection that fails (the server restarted, a network cut) is dropped by the pool;
  // without a listener its error event would end the process.
  pool.on("error", (error) => options.onIdleError?.(error));
  const statements = { count: 0 };
  const logger = { logQuery: () => void statements.count++ };
  const perClient = new WeakMap<PoolClient, Executor>();
  return {
    pool,
    db: drizzle(pool, { logger }),
    on(client) {
      let ex = perClient.get(client);
      if (!ex) {
        ex = drizzle(client, { logger });
        perClient.set(client, ex);
      }
      return ex;
    },
    statements,
    newClient: () => new Client({ ...connection, keepAlive: true }),
    close: () => pool.end(),
  };
}

/** The URL without its `options` parameter, and that parameter's value (to be added to ours). */
function withoutOptions(url: string): { connectionString: string; urlOptions: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { connectionString: url, urlOptions: "" };
  }
  const urlOptions = parsed.searchParams.get("options") ?? "";
  if (!parsed.searchParams.has("options")) return { connectionString: url, urlOptions };
  parsed.searchParams.delete("options");
  return { connectionString: parsed.toString(), urlOptions };
}

/**
 * Applies the drizzle-kit migrations in drizzle/pg/ (idempotent). Processes starting at once
 * take turns through a session advisory lock: drizzle reads which migrations are applied
 * before its transaction, so two at once could both apply the same one. The connection is
 * closed afterwards rather than returned, since the lock and any migration setting die with it.
 */
export async function migratePgDatabase(handle: PgHandle): Promise<void> {
  const client = await handle.pool.connect();
  // A connection that fails between statements reports it here, not as an unhandled event.
  const ignore = () => undefined;
  client.on("error", ignore);
  try {
    await client.query("SELECT pg_advisory_lock(hashtextextended('connectivity-graphql-api:migrations', 0))");
    await migrate(drizzle(client), { migrationsFolder: PG_MIGRATIONS_FOLDER });
  } finally {
    client.off("error", ignore);
    client.release(true);
  }
}

/** openPgDatabase then migratePgDatabase; the pool is closed when the migration fails. */
export async function openMigratedPgDatabase(url: string, options: PgOptions = {}): Promise<PgHandle> {
  const handle = openPgDatabase(url, options);
  try {
    await migratePgDatabase(handle);
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
  return handle;
}
