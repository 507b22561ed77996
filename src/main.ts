/** Start-up: config, migrate, seed the demo world into an empty database, listen; shutdown. */
import "reflect-metadata";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { loadConfig, SettingError, type Config } from "./config";
import { openEngine, type Engine } from "./db/engine";
import { checkWorld } from "./domain/world/world";
import { createLogger, ignoreOutputErrors } from "./logger";
import { exitWriteThread } from "./http/write-thread";
import { createApp } from "./server";

export const DEMO_WORLD_FILE = resolve(__dirname, "../examples/demo-world.json");

/** A start-up failure with a setting to fix: shown as its one line, naming the variable, no stack. */
class StartupError extends Error {}

/**
 * Fills an empty database with the demo world; returns the demo keys to print, or null. The
 * engine checks emptiness and loads in one step, so that of two processes starting at once on
 * a new database only one loads the world.
 */
export async function seedDemoWorld(engine: Engine, file = DEMO_WORLD_FILE): Promise<{ name: string; apiKey: string }[] | null> {
  const json = JSON.parse(readFileSync(file, "utf8")) as { customers: { name: string; apiKeys?: string[] }[] };
  const checked = checkWorld(json);
  if (!checked.ok) throw new Error(`demo world is invalid: ${JSON.stringify(checked.problems)}`);
  const loaded = await engine.loadWorldIfEmpty(checked.world);
  if (!loaded) return null;
  if (!loaded.ok) throw new Error(`demo world did not load: ${JSON.stringify(loaded.problems)}`);
  return json.customers.flatMap((c) => (c.apiKeys ?? []).map((apiKey) => ({ name: c.name, apiKey })));
}

async function main() {
  ignoreOutputErrors();
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    throw new StartupError(error instanceof Error ? error.message : String(error));
  }
  const log = createLogger(config.logLevel);
  let engine: Engine;
  try {
    engine = await openEngine(config, log);
  } catch (error) {
    if (error instanceof SettingError) throw new StartupError(error.message);
    throw error;
  }
  if (config.seedDemoWorld) {
    let keys: Awaited<ReturnType<typeof seedDemoWorld>>;
    try {
      keys = await seedDemoWorld(engine);
    } catch (error) {
      await engine.close().catch(() => undefined);
      throw error;
    }
    if (keys) {
      // For the person at the terminal, on stderr: stdout carries JSON log lines only.
      console.error("Loaded the demo world. Demo API keys (send as Authorization: Bearer <key>):");
      for (const { name, apiKey } of keys) console.error(`  ${name.padEnd(40)} ${apiKey}`);
    }
  }
  const retention = engine.startRetention(config, log);

  const app = createApp({ config, engine, log });
  let url: string;
  try {
    url = await app.listen(config.port);
  } catch (error) {
    retention.stop();
    await engine.close().catch(() => undefined);
    throw listenFailure(error, config);
  }

  // Every step of a shutdown may fail (the output's reader may be gone, a close may throw) and
  // the process still ends: 0 when everything closed, 1 when something failed or the grace
  // period ran out first.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => {
      quietly(() => log.error({ signal, graceMs: config.shutdownGraceMs }, "shutdown grace period over: exiting with requests still in flight"));
      // The write thread's connections too, or SQLite leaves its -wal file behind; bounded, as
      // either may be stuck.
      const closed = Promise.allSettled([exitWriteThread(), engine.close()]);
      void Promise.race([closed, new Promise((done) => setTimeout(done, CLOSE_AFTER_GRACE_MS))]).finally(() => process.exit(1));
    }, config.shutdownGraceMs);
    let code = 0;
    const attempt = async (what: string, step: () => unknown) => {
      try {
        await step();
      } catch (error) {
        code = 1;
        quietly(() => log.error({ err: error }, `shutdown: ${what} failed`));
      }
    };
    quietly(() => log.info({ signal }, "shutting down: finishing in-flight requests"));
    retention.stop();
    await attempt("closing the server", () => app.close());
    await attempt("ending the write thread", () => exitWriteThread());
    await attempt("closing the database", () => engine.close());
    quietly(() => log.info("stopped"));
    process.exit(code);
  };
  // Registered before the URL is announced: whoever sees it may send SIGTERM at once, and a
  // signal with no handler yet would kill the process without closing the database.
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));

  await app.ready;
  log.info({ url, ...engine.describe }, "listening");
  console.error(`Connectivity GraphQL API on ${url} (GraphiQL: open it in a browser)`);
}

if (require.main === module) {
  main().catch((error) => {
    // A setting to fix is one line naming it; anything else is a fault, shown with its stack.
    console.error(error instanceof StartupError ? error.message : error);
    process.exit(1);
  });
}

/** How long the database may take to close once the grace period is over. */
const CLOSE_AFTER_GRACE_MS = 2000;

/** Runs a step whose failure must not stop what follows: logging, closing on the way out. */
function quietly(step: () => void): void {
  try {
    step();
  } catch {
    // nothing more can be done, nor said
  }
}

/** A listen error as a line naming the setting at fault, or the error itself when it is no setting's fault. */
function listenFailure(error: unknown, config: Config): unknown {
  const port = `PORT=${config.port}`;
  const host = `HOST=${config.host}`;
  switch ((error as { code?: unknown } | null)?.code) {
    case "EADDRINUSE":
      return new StartupError(`${port}: address already in use`);
    case "EACCES":
      return new StartupError(`${port}: permission denied${config.port < 1024 ? " (a port below 1024 needs privileges)" : ""}`);
    case "ERR_SOCKET_BAD_PORT":
      return new StartupError(`${port}: not a port number (0 to 65535)`);
    case "EADDRNOTAVAIL":
      return new StartupError(`${host}: address not available on this machine`);
    case "ENOTFOUND":
    case "EAI_AGAIN":
    case "EAI_NONAME":
      return new StartupError(`${host}: unknown host name`);
    case "EAFNOSUPPORT":
      return new StartupError(`${host}: address family not supported`);
    default:
      return error;
  }
}
