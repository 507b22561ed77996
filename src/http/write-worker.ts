/**
 * A write or read thread's own side (see write-thread.ts): for each app of the process, an
 * Apollo execution over database connections of its own, answering the calls the main thread
 * sends.
 */
import "reflect-metadata";
import { parentPort } from "node:worker_threads";
import { openDatabase, type DbHandle } from "../db/sqlite/connection";
import { sqliteReads } from "../db/sqlite/read-store";
import { sqliteStorage } from "../db/sqlite/store";
import { buildApiSchema } from "../graphql/schema";
import { createLogger } from "../logger";
import { createExecution, type Execution } from "../server";
import type { FromWriteThread, ToWriteThread } from "./write-thread";

const port = parentPort!;
const send = (message: FromWriteThread) => port.postMessage(message);
// Built once: every app of the process serves the same schema.
const schema = buildApiSchema();

interface App {
  execution: Execution;
  handle: DbHandle;
  running: Set<Promise<void>>;
  log: ReturnType<typeof createLogger>;
}
const apps = new Map<number, Promise<App>>();

async function open(id: number, config: Parameters<typeof createExecution>[0]["config"]): Promise<App> {
  const log = createLogger(config.logLevel, { write: (line: string) => send({ kind: "log", app: id, line }) });
  const handle = openDatabase(config.databasePath, { busyTimeoutMs: config.busyTimeoutMs });
  const execution = createExecution({ config, storage: sqliteStorage(handle), reads: sqliteReads(handle), log, schema });
  await execution.start();
  return { execution, handle, running: new Set(), log };
}

port.on("message", (message: ToWriteThread) => {
  switch (message.kind) {
    case "open": {
      const app = open(message.app, message.config);
      apps.set(message.app, app);
      app.then(
        () => send({ kind: "opened", app: message.app }),
        (error: unknown) => {
          apps.delete(message.app);
          send({ kind: "opened", app: message.app, error: error instanceof Error ? error.message : String(error) });
        },
      );
      return;
    }
    case "execute": {
      const app = apps.get(message.app);
      if (!app) return send({ kind: "answer", id: message.id, answer: null });
      void app.then((opened) => {
        const done = opened.execution
          .execute(message.call)
          .then((answer) => send({ kind: "answer", id: message.id, answer }))
          .catch((error: unknown) => {
            opened.log.error({ err: error, requestId: message.call.requestId }, "request failed unexpectedly");
            send({ kind: "answer", id: message.id, answer: null });
          })
          .finally(() => opened.running.delete(done));
        opened.running.add(done);
      });
      return;
    }
    case "exit": {
      // What is still open (a shutdown whose grace period ran out) is closed on the way out:
      // SQLite removes its -wal file only when the last connection closes.
      const closing = [...apps.values()].map(async (app) => (await app).handle.close());
      void Promise.allSettled(closing).finally(() => process.exit(0));
      return;
    }
    case "close": {
      const app = apps.get(message.app);
      apps.delete(message.app);
      if (!app) return send({ kind: "closed", app: message.app });
      void app
        .then(async (opened) => {
          await Promise.allSettled(opened.running);
          await opened.execution.stop();
          opened.handle.close();
        })
        .catch(() => undefined)
        .finally(() => send({ kind: "closed", app: message.app }));
      return;
    }
  }
});
