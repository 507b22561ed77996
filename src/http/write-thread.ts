/**
 * The write thread of a server on SQLite, as the main thread sees it (on PostgreSQL mutations
 * run on the main thread: src/db/engine.ts). Every mutation runs there, on a database
 * connection of its own: a mutation's synchronous work (graphql-js coercing ten thousand bulk
 * items, type-graphql building their input objects, the SQLite writes) then never holds up
 * the reads the main thread serves. SQLite allows one writer at a time anyway, so one thread
 * costs writes nothing.
 *
 * One thread per process serves every app the process runs (one in production, one per test
 * server in the tests), each on its own database; it does not keep the process alive.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { Worker } from "node:worker_threads";
import pino, { type Logger } from "pino";
import type { Config } from "../config";
import type { GraphQLAnswer, GraphQLCall } from "../server";

/** What the write thread sends back. */
export type FromWriteThread =
  | { kind: "opened"; app: number; error?: string }
  | { kind: "closed"; app: number }
  | { kind: "log"; app: number; line: string }
  | { kind: "answer"; id: number; answer: GraphQLAnswer | null };

/** What the main thread sends. */
export type ToWriteThread =
  | { kind: "open"; app: number; config: Config }
  | { kind: "execute"; app: number; id: number; call: GraphQLCall }
  | { kind: "close"; app: number }
  | { kind: "exit" };

export interface WriteThread {
  /** Resolves once the thread serves this app; rejects when it cannot. */
  ready: Promise<void>;
  /** The thread serves this app now (false while it starts, or starts again after dying). */
  isReady(): boolean;
  /** The call's answer; null when the thread died under it (its unit of work was rolled back). */
  execute(call: GraphQLCall): Promise<GraphQLAnswer | null>;
  /** Lets this app's running calls finish, then closes its execution and connection there. */
  stop(): Promise<void>;
}

/**
 * The compiled worker script. Run from src/ (the test runner), it is the build's copy in dist/,
 * which the test setup builds first.
 */
export function writeWorkerScript(): string {
  const script = __filename.endsWith(".ts")
    ? resolve(__dirname, "../../dist/http/write-worker.js")
    : resolve(__dirname, "write-worker.js");
  if (!existsSync(script)) throw new Error(`${script} is missing: run npm run build`);
  return script;
}

interface OpenApp {
  config: Config;
  output: { write(line: string): void };
  log: Logger;
  opened: { resolve(): void; reject(error: Error): void };
  serving: boolean;
  closed?: () => void;
}

let worker: Worker | null = null;
const apps = new Map<number, OpenApp>();
const pending = new Map<number, (answer: GraphQLAnswer | null) => void>();
let nextApp = 1;
/** The process is stopping: a thread that ends is not replaced. */
let exiting = false;
let nextCall = 1;

function thread(): Worker {
  if (worker) return worker;
  // No flags of the parent's (a test runner's loaders), but a CPU profile when one is asked for.
  const execArgv = profilingFlags(process.execArgv);
  const started = new Worker(writeWorkerScript(), { execArgv });
  started.unref();
  started.on("message", (message: FromWriteThread) => {
    switch (message.kind) {
      case "opened": {
        const app = apps.get(message.app);
        if (!app) return;
        if (message.error) {
          app.log.error({ error: message.error }, "the write thread could not open the database");
          app.opened.reject(new Error(`the write thread could not open the database: ${message.error}`));
        } else {
          app.serving = true;
          app.opened.resolve();
        }
        return;
      }
      case "closed":
        return apps.get(message.app)?.closed?.();
      case "log":
        return apps.get(message.app)?.output.write(message.line);
      case "answer": {
        const settle = pending.get(message.id);
        pending.delete(message.id);
        return settle?.(message.answer);
      }
    }
  });
  started.on("error", (error) => {
    for (const app of apps.values()) app.log.error({ err: error }, "the write thread failed");
  });
  started.on("exit", (exitCode) => {
    worker = null;
    // The calls it was running were rolled back with its connections: they answer ServiceUnavailable.
    for (const settle of pending.values()) settle(null);
    pending.clear();
    for (const [id, app] of apps) {
      app.serving = false;
      if (app.closed || exiting) {
        app.closed?.();
        continue;
      }
      app.log.error({ exitCode }, "the write thread ended unexpectedly: starting another");
      thread().postMessage({ kind: "open", app: id, config: app.config } satisfies ToWriteThread);
    }
  });
  worker = started;
  return started;
}

/** The --cpu-prof flags among the process's own, each with its value when it takes one. */
function profilingFlags(flags: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i]!;
    if (!flag.startsWith("--cpu-prof")) continue;
    kept.push(flag);
    if (flag !== "--cpu-prof" && !flag.includes("=") && i + 1 < flags.length) kept.push(flags[++i]!);
  }
  return kept;
}

export function startWriteThread(config: Config, log: Logger): WriteThread {
  const id = nextApp++;
  // The thread's log lines are already formatted: they go to this app's log output as they are.
  const output = (log as unknown as Record<symbol, { write(line: string): void }>)[pino.symbols.streamSym]!;
  let opened!: OpenApp["opened"];
  const ready = new Promise<void>((resolveReady, rejectReady) => (opened = { resolve: resolveReady, reject: rejectReady }));
  ready.catch(() => undefined);
  const app: OpenApp = { config, output, log, opened, serving: false };
  apps.set(id, app);
  thread().postMessage({ kind: "open", app: id, config } satisfies ToWriteThread);

  return {
    ready,
    isReady: () => app.serving,
    async execute(call) {
      await ready;
      const callId = nextCall++;
      return new Promise((settle) => {
        pending.set(callId, settle);
        thread().postMessage({ kind: "execute", app: id, id: callId, call } satisfies ToWriteThread);
      });
    },
    async stop() {
      if (!worker) return void apps.delete(id);
      await new Promise<void>((resolveClosed) => {
        app.closed = resolveClosed;
        worker!.postMessage({ kind: "close", app: id } satisfies ToWriteThread);
      });
      apps.delete(id);
    },
  };
}

/** Ends the write thread once every app is closed, letting it finish as a thread does (its CPU profile written). */
export async function exitWriteThread(): Promise<void> {
  exiting = true;
  const running = worker;
  if (!running) return;
  const ended = new Promise<void>((resolveEnded) => running.once("exit", () => resolveEnded()));
  running.postMessage({ kind: "exit" } satisfies ToWriteThread);
  await ended;
}

/** Ends the write thread at once, as a crash would; the next call starts another. For the recovery tests. */
export async function endWriteThread(): Promise<void> {
  await worker?.terminate();
}
