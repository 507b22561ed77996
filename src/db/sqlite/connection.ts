import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema>;

/**
 * The storage of one process: one writer connection whose every use goes through `writeLock`
 * (a mutation's whole unit of work, a purge batch), and a reader connection for everything
 * else. In WAL mode the reader sees the last committed state while a writer's transaction is
 * open, so reads never wait for a write, even one that yields to the event loop between items.
 * One reader is enough: better-sqlite3 runs one statement at a time per process.
 */
export interface DbHandle {
  /** The writer: use only inside writeLock (or before the server starts). */
  db: Db;
  sqlite: Database.Database;
  /** The reader: queries, key lookups, the answers of mutations once committed. */
  reader: Db;
  readerSqlite: Database.Database;
  writeLock: WriteLock;
  /** Statements run through Drizzle since open (both connections): the N+1 tests read it. */
  statements: { count: number };
  close(): void;
}

/**
 * Serialises the units of work on the writer connection: a unit that awaits (a bulk call
 * yielding between items) keeps the connection to itself until it ends, so no other
 * statement joins its transaction.
 */
export class WriteLock {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(unit: () => T | Promise<T>): Promise<T> {
    const result = this.tail.then(unit);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

export const MIGRATIONS_FOLDER = resolve(__dirname, "../../../drizzle/sqlite");

/** The most page cache a connection keeps, in KiB (allocated as pages are read). */
export const PAGE_CACHE_KIB = 64 * 1024;

/**
 * Opens the database with deliberate pragmas (README "Storage"):
 * - WAL: readers never block the writer, and several processes can share the file;
 * - synchronous=FULL: a mutation that answered with a requestId survives a power cut,
 *   since clients act on that answer (NORMAL could lose the last commits);
 * - foreign_keys: SQLite leaves them off unless asked;
 * - busy_timeout: a writer waits for another process's lock instead of failing at once;
 * - cache_size: each connection keeps up to PAGE_CACHE_KIB of pages in memory (SQLite's
 *   default, 2 MiB, makes a bulk over tens of thousands of SIMs re-read the file).
 */
export function openDatabase(path: string, options: { busyTimeoutMs?: number } = {}): DbHandle {
  if (path !== ":memory:") mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  // First: another process (or this one's write thread) may hold a lock while this one opens.
  sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  // Switching a new file to WAL does not wait on SQLite's busy handler: retry within the timeout.
  const until = Date.now() + (options.busyTimeoutMs ?? 5000);
  for (;;) {
    try {
      sqlite.pragma("journal_mode = WAL");
      break;
    } catch (error) {
      if ((error as { code?: string }).code !== "SQLITE_BUSY" || Date.now() >= until) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
  const statements = { count: 0 };
  const logger = { logQuery: () => void statements.count++ };
  const db = drizzle(sqlite, { schema, logger });
  let readerSqlite = sqlite;
  let reader = db;
  if (path !== ":memory:") {
    readerSqlite = new Database(path, { readonly: true, fileMustExist: true });
    readerSqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    readerSqlite.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
    reader = drizzle(readerSqlite, { schema, logger });
  }
  const close = () => {
    if (readerSqlite !== sqlite && readerSqlite.open) readerSqlite.close();
    // Lets SQLite refresh the query planner's statistics where they are stale (cheap). Best
    // effort: another process may hold the write lock at this moment.
    try {
      if (sqlite.open) sqlite.pragma("optimize");
    } catch {
      // the statistics are refreshed at a later close
    }
    sqlite.close();
  };
  return { db, sqlite, reader, readerSqlite, writeLock: new WriteLock(), statements, close };
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

/**
 * The database file cannot be used: the message says why in plain words, with the system's or
 * SQLite's own words in brackets. An expected failure (a setting to fix), not a fault.
 */
export class DatabaseFileError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(reason);
    this.name = "DatabaseFileError";
  }
}

/**
 * openDatabase and migrateDatabase for a process that writes to the file, proving that it can:
 * a file that opens but only for reading (SQLite falls back to read-only without a word) is
 * refused here rather than at the first mutation. Every problem with the path itself throws a
 * DatabaseFileError: the path is a folder, its folder cannot be created, the file cannot be
 * created, opened or written, or is not a database. Anything else (a broken migration) is
 * thrown as it is.
 */
export function openWritableDatabase(path: string, options: { busyTimeoutMs?: number } = {}): DbHandle {
  if (path !== ":memory:") {
    const full = resolve(path);
    if (statOf(full)?.isDirectory()) {
      throw new DatabaseFileError(path, "is a folder, not a database file");
    }
    const folder = dirname(full);
    try {
      mkdirSync(folder, { recursive: true });
    } catch (error) {
      throw new DatabaseFileError(path, `cannot create the folder ${folder}: ${folderFailure(folder, error)}`);
    }
  }
  const existed = path !== ":memory:" && existsSync(path);
  let handle: DbHandle;
  try {
    handle = openDatabase(path, options);
  } catch (error) {
    throw databaseFailure(path, error, existed);
  }
  try {
    migrateDatabase(handle);
    proveWritable(handle.sqlite);
  } catch (error) {
    handle.close();
    throw databaseFailure(path, error, existed);
  }
  return handle;
}

/**
 * Throws SQLITE_READONLY when the connection cannot write. A write is needed to tell: SQLite
 * quietly runs BEGIN IMMEDIATE as a read transaction on a read-only connection. The write is
 * rolled back, so nothing changes; a lock held by another process (busy) is no proof either
 * way and lets the start go on, as that process's own writes show the file takes them.
 */
function proveWritable(sqlite: Database.Database): void {
  try {
    sqlite.exec("BEGIN IMMEDIATE");
  } catch (error) {
    if (errorCode(error).startsWith("SQLITE_BUSY")) return;
    throw error;
  }
  try {
    sqlite.exec("CREATE TABLE main.write_probe (x)");
  } finally {
    if (sqlite.inTransaction) sqlite.exec("ROLLBACK");
  }
}

/** What is at a path, or undefined where nothing can be found (missing, or under a file). */
function statOf(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : "";
}

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** A DatabaseFileError for the SQLite failures that come from the file, else the error itself. */
function databaseFailure(path: string, error: unknown, existed: boolean): unknown {
  const code = errorCode(error);
  const reason = reasonOf(error);
  const family = (name: string) => code === name || code.startsWith(`${name}_`);
  if (family("SQLITE_READONLY") || family("SQLITE_PERM")) {
    return new DatabaseFileError(path, `cannot open the database for writing (${reason})`);
  }
  if (family("SQLITE_CANTOPEN")) {
    return new DatabaseFileError(path, `cannot ${existed ? "open" : "create"} the database file (${reason})`);
  }
  if (family("SQLITE_NOTADB")) return new DatabaseFileError(path, `is not a SQLite database (${reason})`);
  if (family("SQLITE_CORRUPT")) return new DatabaseFileError(path, `the database file is damaged (${reason})`);
  if (family("SQLITE_IOERR")) return new DatabaseFileError(path, `cannot read or write the database file (${reason})`);
  if (family("SQLITE_FULL")) return new DatabaseFileError(path, `no space left for the database (${reason})`);
  return error;
}

/** Why mkdir -p of a folder failed, naming the file in the way when there is one. */
function folderFailure(folder: string, error: unknown): string {
  const code = errorCode(error);
  if (code === "EEXIST" || code === "ENOTDIR") {
    // Walk up to the nearest path that exists: that one is a file, not a folder.
    for (let at = folder; at !== dirname(at); at = dirname(at)) {
      const stat = statOf(at);
      if (stat && !stat.isDirectory()) return `${at} is a file, not a folder`;
      if (stat) break;
    }
  }
  const plain: Record<string, string> = {
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    EROFS: "read-only file system",
    ENOSPC: "no space left on device",
  };
  return plain[code] ? `${plain[code]} (${code})` : reasonOf(error);
}
