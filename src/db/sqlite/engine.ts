/**
 * The SQLite file as the server's engine (src/db/engine.ts): one writer behind an async lock
 * and one reader in this thread; mutations run on the write thread, which opens the file again.
 */
import { SettingError, type Config } from "../../config";
import type { Engine, WorldTarget } from "../engine";
import { DatabaseFileError, migrateDatabase, openDatabase, openWritableDatabase, type DbHandle } from "./connection";
import { sqliteReads } from "./read-store";
import { startRetention } from "./retention";
import { sqliteStorage } from "./store";
import { loadWorld, loadWorldIfEmpty } from "./world-loader";

/** The engine on an open, migrated handle (the tests open theirs on a temporary file). */
export function sqliteEngine(handle: DbHandle, describe: Record<string, string> = {}): Engine {
  return {
    describe,
    storage: sqliteStorage(handle),
    reads: sqliteReads(handle),
    writeThread: true,
    async check() {
      handle.readerSqlite.prepare("select 1").get();
      handle.sqlite.prepare("select 1").get();
    },
    loadWorldIfEmpty: async (world) => loadWorldIfEmpty(handle, world),
    startRetention: (config, log) => startRetention(handle, config, log),
    close: async () => handle.close(),
  };
}

/** Opens DATABASE_PATH for serving: created, migrated and proved writable (openWritableDatabase). */
export async function openSqliteEngine(config: Config): Promise<Engine> {
  let handle: DbHandle;
  try {
    handle = openWritableDatabase(config.databasePath, { busyTimeoutMs: config.busyTimeoutMs });
  } catch (error) {
    if (error instanceof DatabaseFileError) throw new SettingError(`DATABASE_PATH=${config.databasePath}: ${error.message}`);
    throw error;
  }
  return sqliteEngine(handle, { databasePath: config.databasePath });
}

/** Opens and migrates DATABASE_PATH for db:load. */
export async function openSqliteWorldTarget(config: Config): Promise<WorldTarget> {
  const handle = openDatabase(config.databasePath, { busyTimeoutMs: config.busyTimeoutMs });
  try {
    migrateDatabase(handle);
  } catch (error) {
    handle.close();
    throw error;
  }
  return {
    loadWorld: async (world) => loadWorld(handle, world),
    close: async () => handle.close(),
  };
}
