/** Starts the real HTTP server on a temporary database loaded with a world, for end-to-end tests. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { loadConfig, type Config } from "../../src/config";
import { migrateDatabase, openDatabase, type DbHandle } from "../../src/db/sqlite/connection";
import { sqliteEngine } from "../../src/db/sqlite/engine";
import { loadWorld } from "../../src/db/sqlite/world-loader";
import { checkWorld } from "../../src/domain/world/world";
import { createApp, type App } from "../../src/server";
import { KEYS, testWorld, type CustomerName } from "./world";

export interface GraphQLResponse<T = any> {
  status: number;
  headers: Headers;
  body: { data?: T; errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[] };
}

export interface TestServer {
  url: string;
  handle: DbHandle;
  app: App;
  dir: string;
  /** Log lines the server wrote (JSON objects). */
  logs: Record<string, any>[];
  /** Runs an operation as a customer of the world (or with a raw key, or none). */
  gql<T = any>(as: CustomerName | { key: string | null }, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

export function loadWorldInto(handle: DbHandle, world: unknown): void {
  const checked = checkWorld(world);
  if (!checked.ok) throw new Error(`test world invalid: ${JSON.stringify(checked.problems, null, 1)}`);
  const loaded = loadWorld(handle, checked.world);
  if (!loaded.ok) throw new Error(`test world did not load: ${JSON.stringify(loaded.problems, null, 1)}`);
}

export async function startTestServer(
  options: { world?: unknown; config?: Partial<Config>; env?: NodeJS.ProcessEnv } = {},
): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), "connectivity-test-"));
  const config = { ...loadConfig(options.env ?? {}), databasePath: join(dir, "test.db"), ...options.config };
  const handle = openDatabase(config.databasePath, { busyTimeoutMs: config.busyTimeoutMs });
  migrateDatabase(handle);
  loadWorldInto(handle, options.world ?? testWorld());
  const logs: Record<string, any>[] = [];
  const log = pino({ level: "info" }, { write: (line: string) => void logs.push(JSON.parse(line)) });
  const app = createApp({ config, engine: sqliteEngine(handle), log });
  const url = await app.listen(0, "127.0.0.1");
  await app.ready;
  return {
    url,
    handle,
    app,
    dir,
    logs,
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
      handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
