/**
 * Starts the real HTTP server on a temporary database loaded with a world, for end-to-end
 * tests. The engine is TEST_ENGINE's (vitest.config.mts: the "pg" project sets it to pg):
 * - SQLite: a file in a temporary directory, removed on close;
 * - PostgreSQL: a database of its own on the local server, copied from the migrated template
 *   of the run (test/global-setup.ts) and dropped on close. When PostgreSQL cannot be reached
 *   the server does not start and the test fails, saying so.
 * Tests read and change the database through `t.db` (test/helpers/test-db.ts), written once
 * for both engines.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pino, { type Logger } from "pino";
import { inject } from "vitest";
import { loadConfig, type Config } from "../../src/config";
import type { Engine } from "../../src/db/engine";
import { openPgDatabase, type PgHandle } from "../../src/db/pg/connection";
import { pgEngine } from "../../src/db/pg/engine";
import { pgPurger } from "../../src/db/pg/retention";
import { loadWorld as loadPgWorld } from "../../src/db/pg/world-loader";
import type { Purger } from "../../src/db/retention";
import { migrateDatabase, openDatabase, type DbHandle } from "../../src/db/sqlite/connection";
import { sqliteEngine } from "../../src/db/sqlite/engine";
import { sqlitePurger } from "../../src/db/sqlite/retention";
import { loadWorld } from "../../src/db/sqlite/world-loader";
import { checkWorld, type LoadWorldResult, type World } from "../../src/domain/world/world";
import { createApp, type App } from "../../src/server";
import { freshDatabase, type FreshDatabase } from "../db/pg/fresh-database";
import { pgTestDb, sqliteTestDb, TEST_ENGINE, type EngineName, type PgTestDb, type TestDb } from "./test-db";
import { KEYS, testWorld, type CustomerName } from "./world";

export { TEST_ENGINE } from "./test-db";

export interface GraphQLResponse<T = any> {
  status: number;
  headers: Headers;
  body: { data?: T; errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[] };
}

export interface TestServer {
  url: string;
  engine: EngineName;
  /** The database under the server, for the test's own reads and writes (test-db.ts). */
  db: TestDb;
  /** The SQLite handle, for tests of SQLite itself; fails on PostgreSQL (use `db`). */
  handle: DbHandle;
  app: App;
  dir: string;
  /** Log lines the server wrote (JSON objects). */
  logs: Record<string, any>[];
  /** The engine's retention statements, for tests that purge by hand. */
  purger: Purger;
  /** Loads a world into the server's database with the engine's own loader (SPEC section 6). */
  loadWorld(world: World): Promise<LoadWorldResult>;
  /** Runs an operation as a customer of the world (or with a raw key, or none). */
  gql<T = any>(as: CustomerName | { key: string | null }, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

function checked(world: unknown): World {
  const result = checkWorld(world);
  if (!result.ok) throw new Error(`test world invalid: ${JSON.stringify(result.problems, null, 1)}`);
  return result.world;
}

function loaded(result: LoadWorldResult): void {
  if (!result.ok) throw new Error(`test world did not load: ${JSON.stringify(result.problems, null, 1)}`);
}

export function loadWorldInto(handle: DbHandle, world: unknown): void {
  loaded(loadWorld(handle, checked(world)));
}

/** The database a test server runs on, and what the helper needs of it. */
interface Database {
  engine: Engine;
  db: TestDb;
  handle: DbHandle | null;
  purger: Purger;
  loadWorld(world: World): Promise<LoadWorldResult>;
  close(): Promise<void>;
}

async function sqliteDatabase(config: Config, dir: string, world: World): Promise<Database> {
  const handle = openDatabase(config.databasePath, { busyTimeoutMs: config.busyTimeoutMs });
  migrateDatabase(handle);
  loaded(loadWorld(handle, world));
  return {
    engine: sqliteEngine(handle),
    db: sqliteTestDb(handle, join(dir, "snapshot.db")),
    handle,
    purger: sqlitePurger(handle),
    loadWorld: async (w) => loadWorld(handle, w),
    close: async () => handle.close(),
  };
}

/** The migrated template of this run (test/global-setup.ts); throws why there is none. */
function pgTemplate(): string {
  const template = inject("pgTemplate");
  if (!template) throw new Error("no PostgreSQL template database: run the tests through vitest.config.mts (the \"pg\" project)");
  if ("error" in template) throw new Error(`The PostgreSQL end-to-end tests cannot run: ${template.error}`);
  return template.name;
}

/** Connections of a test server's pool: enough for the concurrent calls of a test, cheap to open. */
const TEST_POOL_SIZE = 4;

/**
 * Databases of this worker that a closed test server left empty, for the next one: emptying
 * the tables costs a fraction of a copy of the template and a drop. One whose schema a test
 * changed (a table renamed, a fault injected) is dropped instead. Those left when the worker
 * ends are dropped with the template after the run (test/global-setup.ts).
 */
const idle: FreshDatabase[] = [];

async function pgDatabase(config: Config, world: World, log: Logger): Promise<Database> {
  const fresh: FreshDatabase = idle.pop() ?? (await freshDatabase({ template: pgTemplate() }));
  let handle: PgHandle | null = null;
  let db: PgTestDb | null = null;
  try {
    handle = openPgDatabase(fresh.url, { maxConnections: config.databasePoolSize, onIdleError: () => undefined });
    loaded(await loadPgWorld(handle, world));
    const engine = await pgEngine(handle, log, { database: fresh.name });
    db = await pgTestDb(handle, fresh.url);
    const h = handle;
    const d = db;
    return {
      engine,
      db: d,
      handle: null,
      purger: pgPurger(h),
      loadWorld: (w) => loadPgWorld(h, w),
      async close() {
        // Emptied for this worker's next test server, unless its schema was changed or its
        // pool did not end (a test that failed half-way may leave a unit holding a
        // connection, and pool.end() waits for it): then dropped, its connections ended.
        const ended = await Promise.race([engine.close().then(() => true, () => false), sleep(2000, false)]);
        let emptied = false;
        if (ended && !d.schemaChanged) emptied = await d.empty().then(() => true, () => false);
        await d.close();
        if (emptied) idle.push(fresh);
        else await fresh.drop();
      },
    };
  } catch (error) {
    await db?.close();
    await handle?.close().catch(() => undefined);
    await fresh.drop().catch(() => undefined);
    throw error;
  }
}

export async function startTestServer(
  options: { world?: unknown; config?: Partial<Config>; env?: NodeJS.ProcessEnv } = {},
): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), "connectivity-test-"));
  const base = loadConfig(options.env ?? {});
  const config: Config = {
    ...base,
    databasePath: join(dir, "test.db"),
    databasePoolSize: options.env?.DATABASE_POOL_SIZE ? base.databasePoolSize : TEST_POOL_SIZE,
    // Queries on this thread, where a test counts their statements (t.db.statements()); the
    // read threads have tests of their own (test/http/read-threads.test.ts).
    readThreads: options.env?.READ_THREADS ? base.readThreads : 0,
    ...options.config,
  };
  const logs: Record<string, any>[] = [];
  const log = pino({ level: "info" }, { write: (line: string) => void logs.push(JSON.parse(line)) });
  const world = checked(options.world ?? testWorld());
  let database: Database;
  try {
    database = TEST_ENGINE === "pg" ? await pgDatabase(config, world, log) : await sqliteDatabase(config, dir, world);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const app = createApp({ config, engine: database.engine, log });
  const url = await app.listen(0, "127.0.0.1");
  await app.ready;
  return {
    url,
    engine: TEST_ENGINE,
    db: database.db,
    get handle(): DbHandle {
      if (!database.handle) throw new Error("t.handle is SQLite's; this test runs on PostgreSQL: read the database through t.db");
      return database.handle;
    },
    app,
    dir,
    logs,
    purger: database.purger,
    loadWorld: (w) => database.loadWorld(w),
    async gql(as, query, variables) {
      const key = typeof as === "string" ? KEYS[as] : as.key;
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLResponse["body"] };
    },
    async close() {
      await app.close();
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
