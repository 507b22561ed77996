/** Start-up: config, migrate, seed the demo world into an empty database, listen. */
import "reflect-metadata";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { loadConfig } from "./config";
import { migrateDatabase, openDatabase, type DbHandle } from "./db/connection";
import { purgeIdempotencyKeys } from "./db/mutation";
import { customers } from "./db/schema";
import { loadWorld } from "./db/world-loader";
import { checkWorld } from "./domain/world";
import { createLogger } from "./logger";
import { createApp } from "./server";

export const DEMO_WORLD_FILE = resolve(__dirname, "../examples/demo-world.json");

/** Fills an empty database with the demo world; returns the demo keys to print, or null. */
export function seedDemoWorld(handle: DbHandle, file = DEMO_WORLD_FILE): { name: string; apiKey: string }[] | null {
  // One IMMEDIATE transaction from the emptiness check to the load (loadWorld's own becomes a
  // savepoint): two processes starting at once on a new file must not both load the world.
  return handle.sqlite
    .transaction(() => {
      if (handle.db.select({ id: customers.id }).from(customers).limit(1).get()) return null;
      const json = JSON.parse(readFileSync(file, "utf8")) as { customers: { name: string; apiKeys?: string[] }[] };
      const checked = checkWorld(json);
      if (!checked.ok) throw new Error(`demo world is invalid: ${JSON.stringify(checked.problems)}`);
      const loaded = loadWorld(handle, checked.world);
      if (!loaded.ok) throw new Error(`demo world did not load: ${JSON.stringify(loaded.problems)}`);
      return json.customers.flatMap((c) => (c.apiKeys ?? []).map((apiKey) => ({ name: c.name, apiKey })));
    })
    .immediate();
}

async function main() {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const handle = openDatabase(config.databasePath, { busyTimeoutMs: config.busyTimeoutMs });
  migrateDatabase(handle);
  if (config.seedDemoWorld) {
    const keys = seedDemoWorld(handle);
    if (keys) {
      console.log("Loaded the demo world. Demo API keys (send as Authorization: Bearer <key>):");
      for (const { name, apiKey } of keys) console.log(`  ${name.padEnd(40)} ${apiKey}`);
    }
  }
  const ttlMs = config.idempotencyTtlHours * 3600_000;
  const purge = () => purgeIdempotencyKeys(handle, new Date(Date.now() - ttlMs));
  purge();
  const purgeTimer = setInterval(purge, 3600_000).unref();

  const app = createApp({ config, handle, log });
  const url = await app.listen(config.port);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down: finishing in-flight requests");
    clearInterval(purgeTimer);
    await app.close();
    handle.close();
    log.info("stopped");
    process.exit(0);
  };
  // Registered before the URL is announced: whoever sees it may send SIGTERM at once, and a
  // signal with no handler yet would kill the process without closing the database.
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));

  log.info({ url, databasePath: config.databasePath }, "listening");
  console.log(`Connectivity GraphQL API on ${url} (GraphiQL: open it in a browser)`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
