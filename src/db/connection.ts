import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema>;

export interface DbHandle {
  db: Db;
  sqlite: Database.Database;
  /** Statements run through Drizzle since open: the N+1 tests read it. */
  statements: { count: number };
  close(): void;
}

export const MIGRATIONS_FOLDER = resolve(__dirname, "../../drizzle");

/**
 * Opens the database with deliberate pragmas (README "Storage"):
 * - WAL: readers never block the writer, and several processes can share the file;
 * - synchronous=FULL: a mutation that answered with a requestId survives a power cut,
 *   since clients act on that answer (NORMAL could lose the last commits);
 * - foreign_keys: SQLite leaves them off unless asked;
 * - busy_timeout: a writer waits for another process's lock instead of failing at once.
 */
export function openDatabase(path: string, options: { busyTimeoutMs?: number } = {}): DbHandle {
  if (path !== ":memory:") mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  const statements = { count: 0 };
  const db = drizzle(sqlite, {
    schema,
    logger: { logQuery: () => void statements.count++ },
  });
  const close = () => {
    // Lets SQLite refresh the query planner's statistics where they are stale (cheap). Best
    // effort: another process may hold the write lock at this moment.
    try {
      if (sqlite.open) sqlite.pragma("optimize");
    } catch {
      // the statistics are refreshed at a later close
    }
    sqlite.close();
  };
  return { db, sqlite, statements, close };
}

/** Applies the drizzle-kit migrations in drizzle/ (idempotent). */
export function migrateDatabase(handle: DbHandle): void {
  try {
    migrate(handle.db, { migrationsFolder: MIGRATIONS_FOLDER });
  } catch {
    // Two processes starting at once on a new file: drizzle reads which migrations are applied
    // before its transaction, so the second may try to apply what the first has just committed
    // ("table already exists", or a stale snapshot). Reading again settles it; a migration that
    // is really broken fails again and is thrown.
    migrate(handle.db, { migrationsFolder: MIGRATIONS_FOLDER });
  }
}
