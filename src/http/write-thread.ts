/**
 * Threads that run GraphQL calls for the main thread, each over database connections of its
 * own (src/http/write-worker.ts), on SQLite (on PostgreSQL every call runs on the main thread:
 * src/db/engine.ts). The main thread keeps HTTP, authentication and the limits on the way in
 * and out; a call crosses as plain data (GraphQLCall) and its answer comes back as text.
 *
 * - The write thread runs every mutation: a mutation's synchronous work (graphql-js coercing
 *   ten thousand bulk items, type-graphql building their input objects, the SQLite writes) then
 *   never holds up the reads the main thread serves. SQLite allows one writer at a time anyway,
 *   so one thread costs writes nothing.
 * - Read threads (READ_THREADS) run queries beside the main thread, so that reads use every
 *   core: the main thread sends a query to whichever of them, itself included, has the fewest
 *   calls running.
 *
 * Each thread serves every app the process runs (one in production, one per test server in the
 * tests), each on its own database; it does not keep the process alive. A thread that dies is
 * replaced; the calls it was running answer null (a mutation's unit of work was rolled back
 * with its connection).
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { Worker } from "node:worker_threads";
import pino, { type Logger } from "pino";
import type { Config } from "../config";
import type { GraphQLAnswer, GraphQLCall } from "../server";

/** What a thread sends back. */
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

/** One app's use of one thread. */
export interface AppOnThread {
  /** Resolves once the thread serves this app; rejects when it cannot. */
  ready: Promise<void>;
  /** The thread serves this app now (false while it starts, or starts again after dying). */
  isReady(): boolean;
  /** Calls of this app sent and not answered yet. */
  running(): number;
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

let nextApp = 1;
let nextCall = 1;

/** One thread, started when first needed and again after it dies, serving the apps opened on it. */
class ExecutionThread {
  private worker: Worker | null = null;
  private readonly apps = new Map<number, OpenApp>();
  private readonly pending = new Map<number, { settle(answer: GraphQLAnswer | null): void }>();
  /** The process is stopping: a thread that ends is not replaced. */
  private exiting = false;

  constructor(private readonly name: string) {}

  private thread(): Worker {
    if (this.worker) return this.worker;
    // No flags of the parent's (a test runner's loaders), but a CPU profile when one is asked for.
    const started = new Worker(writeWorkerScript(), { execArgv: profilingFlags(process.execArgv), name: this.name });
    started.unref();
    started.on("message", (message: FromWriteThread) => {
      switch (message.kind) {
        case "opened": {
          const app = this.apps.get(message.app);
          if (!app) return;
          if (message.error) {
            app.log.error({ error: message.error }, `the ${this.name} could not open the database`);
            app.opened.reject(new Error(`the ${this.name} could not open the database: ${message.error}`));
          } else {
            app.serving = true;
            app.opened.resolve();
          }
          return;
        }
        case "closed":
          return this.apps.get(message.app)?.closed?.();
        case "log":
          return this.apps.get(message.app)?.output.write(message.line);
        case "answer": {
          const call = this.pending.get(message.id);
          this.pending.delete(message.id);
          return call?.settle(message.answer);
        }
      }
    });
    started.on("error", (error) => {
      for (const app of this.apps.values()) app.log.error({ err: error }, `the ${this.name} failed`);
    });
    started.on("exit", (exitCode) => {
      this.worker = null;
      for (const call of this.pending.values()) call.settle(null);
      this.pending.clear();
      for (const [id, app] of this.apps) {
        app.serving = false;
        if (app.closed || this.exiting) {
          app.closed?.();
          continue;
        }
        app.log.error({ exitCode }, `the ${this.name} ended unexpectedly: starting another`);
        this.thread().postMessage({ kind: "open", app: id, config: app.config } satisfies ToWriteThread);
      }
    });
    this.worker = started;
    return started;
  }

  open(config: Config, log: Logger): AppOnThread {
    const id = nextApp++;
    // The thread's log lines are already formatted: they go to this app's log output as they are.
    const output = (log as unknown as Record<symbol, { write(line: string): void }>)[pino.symbols.streamSym]!;
    let opened!: OpenApp["opened"];
    const ready = new Promise<void>((resolveReady, rejectReady) => (opened = { resolve: resolveReady, reject: rejectReady }));
    ready.catch(() => undefined);
    const app: OpenApp = { config, output, log, opened, serving: false };
    this.apps.set(id, app);
    this.thread().postMessage({ kind: "open", app: id, config } satisfies ToWriteThread);
    let running = 0;
    return {
      ready,
      isReady: () => app.serving,
      running: () => running,
      execute: async (call) => {
        await ready;
        const callId = nextCall++;
        running++;
        try {
          return await new Promise<GraphQLAnswer | null>((settle) => {
            this.pending.set(callId, { settle });
            this.thread().postMessage({ kind: "execute", app: id, id: callId, call } satisfies ToWriteThread);
          });
        } finally {
          running--;
        }
      },
      stop: async () => {
        if (!this.worker) return void this.apps.delete(id);
        const worker = this.worker;
        await new Promise<void>((resolveClosed) => {
          app.closed = resolveClosed;
          worker.postMessage({ kind: "close", app: id } satisfies ToWriteThread);
        });
        this.apps.delete(id);
      },
    };
  }

  /** Ends the thread once every app is closed, letting it finish as a thread does (its CPU profile written). */
  async exit(): Promise<void> {
    this.exiting = true;
    const running = this.worker;
    if (!running) return;
    const ended = new Promise<void>((resolveEnded) => running.once("exit", () => resolveEnded()));
    running.postMessage({ kind: "exit" } satisfies ToWriteThread);
    await ended;
  }

  /** Ends the thread at once, as a crash would; the next call starts another. */
  async end(): Promise<void> {
    await this.worker?.terminate();
  }
}

const writeThread = new ExecutionThread("write thread");
const readThreads: ExecutionThread[] = [];

export function startWriteThread(config: Config, log: Logger): AppOnThread {
  return writeThread.open(config, log);
}

/** The first `count` read threads of the process, this app opened on each. */
export function startReadThreads(config: Config, log: Logger, count: number): AppOnThread[] {
  while (readThreads.length < count) readThreads.push(new ExecutionThread(`read thread ${readThreads.length + 1}`));
  return readThreads.slice(0, count).map((thread) => thread.open(config, log));
}

/** Ends the write thread and the read threads once every app is closed. */
export async function exitWriteThread(): Promise<void> {
  await Promise.all([writeThread.exit(), ...readThreads.map((thread) => thread.exit())]);
}

/** Ends the write thread at once, as a crash would; the next call starts another. For the recovery tests. */
export async function endWriteThread(): Promise<void> {
  await writeThread.end();
}

/** Ends a read thread at once, as a crash would; it starts again. For the recovery tests. */
export async function endReadThread(index: number): Promise<void> {
  await readThreads[index]?.end();
}
