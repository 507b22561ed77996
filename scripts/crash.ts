/**
 * Crash check: the server is killed with SIGKILL in the middle of a
 * 10,000-item bulkReplacePackage. After a restart on the same file PRAGMA integrity_check is
 * ok, the invariants hold, no Request is IN_PROGRESS, and every subscriber is wholly in its old
 * state (P1 with P1's offers) or wholly in its new one (P2 with P2's offers). A bulk call is one
 * transaction, so all-old is what this design must give (all-new only if the kill came after
 * the commit, before the answer); a mix of old and new is a failure.
 *
 * "In the middle" is shown, not assumed, at one of two points (option killAt):
 * - "commit" (default): the kill comes as soon as the -wal file has grown twice past its size
 *   before the call (its header, then frames) while the answer has not arrived: the bulk's
 *   transaction is writing its pages (better-sqlite3's 16 MB page cache holds all of a
 *   10,000-item bulk, so nothing reaches the WAL before the commit);
 * - "transaction": a second connection finds the write lock held (BEGIN IMMEDIATE fails with
 *   SQLITE_BUSY) for a while, the WAL still untouched: the kill lands among the items.
 *
 * With `--engine pg` the server serves from a PostgreSQL database made for the run (dropped
 * after it), and the kill points are seen in pg_stat_activity, where the server's connection
 * running the call's transaction shows a transaction id from its first locking read on:
 * - "transaction": that transaction has been open for a while: the kill lands among the items
 *   (PostgreSQL rolls the transaction back when the connection drops: all old);
 * - "commit": that transaction has ended while the answer has not arrived: the kill lands after
 *   the commit, while the server builds the answer (all new, every Request SUCCEEDED).
 *
 *   npm run load:crash -- --items 10000 --seed 1 --kill-at commit|transaction [--engine pg]
 *
 * Only 127.0.0.1 is used; the run stops by itself.
 */
import Database from "better-sqlite3";
import { existsSync, statSync } from "node:fs";
import { Client } from "pg";
import { checkInvariants, openDatabaseReader, type InvariantReport } from "./lib/invariants";
import { engineName, scratchDatabase, type EngineName } from "./lib/scratch-database";
import { graphql, startServerProcess, type ServerProcess } from "./lib/server-process";
import { dbLoad, LOAD_KEYS, loadWorld, LP, PACKAGE_OFFERS, type LoadSubscriber } from "./lib/worlds";

export type KillPoint = "commit" | "transaction";

export interface CrashOptions {
  /** The database: a SQLite file (default) or a PostgreSQL database. */
  engine?: EngineName;
  items?: number;
  seed?: number;
  /**
   * When to kill. "commit" (default): as soon as the -wal file has grown twice (header, frames),
   * i.e. while the bulk's transaction is writing its pages (better-sqlite3's 16 MB page cache
   * holds a 10,000-item bulk, so the WAL grows only when it commits). "transaction": once another
   * connection has found the write lock held for `holdMs`: in the middle of the items.
   */
  killAt?: KillPoint;
  /** For killAt "transaction": how long the write lock (PostgreSQL: the call's transaction) must have been held (default 300 ms). */
  holdMs?: number;
  /** Keep the temporary directory for inspection. */
  keepFiles?: boolean;
  /** Give up waiting for the WAL to grow after this long. */
  waitLimitMs?: number;
}

export interface CrashFigures {
  engine: EngineName;
  items: number;
  seed: number;
  killAt: KillPoint;
  /**
   * The write lock was held by the server when it was killed (checked just before); on
   * PostgreSQL, the call's transaction was open.
   */
  writeLockHeldAtKill: boolean;
  /** How long the write lock (PostgreSQL: the call's transaction) had been seen held before the kill. */
  writeLockHeldMs: number;
  /** PostgreSQL, killAt "commit": the call's transaction was seen open, then ended, before the kill. */
  transactionEndedBeforeKill: boolean;
  loadMs: number;
  /** From sending the bulk call to the SIGKILL. */
  msUntilKill: number;
  walBytesBeforeRequest: number;
  walBytesAtKill: number;
  /** How many times the WAL was seen growing before the kill. */
  walGrowthsSeen: number;
  /** The bulk call answered before the kill (then the kill proved nothing). */
  answeredBeforeKill: boolean;
  killedBy: string | null;
  walBytesAfterKill: number;
  /** From starting the new process to its listening. */
  restartMs: number;
  integrity: string;
  oldState: number;
  newState: number;
  /** Subscribers in neither state (must be 0). */
  mixedState: number;
  mixedSamples: string[];
  /** Requests in the database after the restart, by status. */
  requestsByStatus: Record<string, number>;
  queryAfterRestart: { status: number; ok: boolean };
  writeAfterRestart: { status: number; ok: boolean };
  restartedExit: { code: number | null; signal: string | null };
  invariants: InvariantReport;
  problems: string[];
}

const BULK = `mutation Bulk($items: [BulkReplacePackageItemInput!]!) {
  bulkReplacePackage(input: { items: $items }) {
    __typename
    ... on BulkReplacePackageSuccess { succeededCount failedCount }
    ... on ErrorResult { code message }
  } }`;

export const walSize = (dbPath: string): number => {
  try {
    return statSync(`${dbPath}-wal`).size;
  } catch {
    return 0;
  }
};

/**
 * Polls the -wal file until it has grown `growths` times past `before` (a write transaction is
 * spilling pages), or `stop()` says to give up. Resolves with what was seen.
 */
export async function waitForWalGrowth(
  dbPath: string,
  before: number,
  options: { growths?: number; limitMs?: number; stop?: () => boolean } = {},
): Promise<{ grown: boolean; size: number; growths: number }> {
  const wanted = options.growths ?? 2;
  const deadline = Date.now() + (options.limitMs ?? 60_000);
  let last = before;
  let growths = 0;
  while (Date.now() < deadline && !options.stop?.()) {
    const size = walSize(dbPath);
    if (size > last) {
      growths++;
      last = size;
      if (growths >= wanted) return { grown: true, size, growths };
    }
    await new Promise((done) => setTimeout(done, 2));
  }
  return { grown: false, size: last, growths };
}

/**
 * A second connection that tells whether some connection holds the write lock: BEGIN IMMEDIATE
 * with no busy timeout fails at once with SQLITE_BUSY then (and is rolled back at once if not).
 */
export function writeLockProbe(dbPath: string) {
  const db = new Database(dbPath, { fileMustExist: true });
  db.pragma("busy_timeout = 0");
  return {
    held(): boolean {
      try {
        db.exec("BEGIN IMMEDIATE");
      } catch (error) {
        if ((error as { code?: string }).code?.startsWith("SQLITE_BUSY")) return true;
        throw error;
      }
      db.exec("ROLLBACK");
      return false;
    },
    /** Close it while the server still runs: it must not be the last connection (that checkpoints). */
    close: () => db.close(),
  };
}

/** The bulk call replacing P1 by P2 on each subscriber (P2's offers differ from P1's). */
export function replaceAllBody(subscribers: readonly LoadSubscriber[]) {
  return {
    items: subscribers.map((s) => ({
      subscriber: { type: "IMSI", value: s.imsi },
      currentPackageId: LP.P1,
      newPackageId: LP.P2,
    })),
  };
}

export const BULK_REPLACE = BULK;

/** How long a transaction of the server's must have been seen open to be the call's (PostgreSQL). */
const PG_CALL_SEEN_MS = 50;

interface Row {
  id: string;
  subscriber_id: string;
  offer_id: string;
  priority: number | null;
  package_id: string | null;
}

/** Each subscriber's package and offer rows, read from the database (read-only, one snapshot). */
async function snapshot(location: string): Promise<Map<string, { packageId: string | null; rows: Row[] }>> {
  const db = await openDatabaseReader(location);
  try {
    const state = new Map<string, { packageId: string | null; rows: Row[] }>();
    for (const s of await db.all<{ id: string; package_id: string | null }>("select id, package_id from subscribers")) {
      state.set(s.id, { packageId: s.package_id, rows: [] });
    }
    for (const row of await db.all<Row>("select id, subscriber_id, offer_id, priority, package_id from subscriber_offers order by id")) {
      state.get(row.subscriber_id)?.rows.push(row);
    }
    return state;
  } finally {
    await db.close();
  }
}

/**
 * Watches the server's connections to a PostgreSQL database (pg_stat_activity) for a
 * transaction that holds a transaction id: one that has locked or written rows.
 */
async function transactionWatch(url: string) {
  const client = new Client({ connectionString: url });
  client.on("error", () => undefined);
  await client.connect();
  return {
    /** The open transactions of the server's connections, by backend and transaction id. */
    async open(): Promise<string[]> {
      const { rows } = await client.query<{ id: string }>(
        `select pid || ':' || backend_xid as id from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid() and backend_xid is not null
            and application_name = 'connectivity-graphql-api'`,
      );
      return rows.map((r) => r.id);
    },
    close: () => client.end(),
  };
}

const rowKey = (r: Row, withId: boolean) => `${withId ? r.id : ""}|${r.offer_id}|${r.priority}|${r.package_id}`;

export async function runCrash(options: CrashOptions = {}): Promise<CrashFigures> {
  const engine = options.engine ?? "sqlite";
  const items = options.items ?? 10_000;
  const seed = options.seed ?? 1;
  const database = await scratchDatabase(engine, "crash", "crash.db");
  const dbPath = database.location;
  const problems: string[] = [];
  const servers: ServerProcess[] = [];
  try {
    // The seed only shuffles the order of the items; the world is the same.
    const world = loadWorld({ subscribers: items, resellerSubscribers: 4 });
    const order = [...world.subscribers];
    let a = seed >>> 0;
    for (let i = order.length - 1; i > 0; i--) {
      a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
      const j = a % (i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }

    const loadStarted = performance.now();
    await dbLoad(dbPath, world.json, database.dir);
    const loadMs = Math.round(performance.now() - loadStarted);
    // NODE_ENV as `npm start` has it (vitest sets "test", which changes how Apollo handles signals).
    const env = { ...database.env, SEED_DEMO_WORLD: "false", NODE_ENV: "" };
    const first = await startServerProcess(env);
    servers.push(first);

    const before = await snapshot(dbPath);
    const walBefore = engine === "sqlite" ? walSize(dbPath) : 0;
    let answered = false;
    const sentAt = performance.now();
    const pending = graphql(first.url, LOAD_KEYS.R, BULK, replaceAllBody(order)).then(
      (r) => ((answered = true), r),
      (error: unknown) => error,
    );
    const exitedEarly = () => first.child.exitCode !== null || first.child.signalCode !== null;
    const killAt = options.killAt ?? "commit";
    const limitMs = options.waitLimitMs ?? 120_000;
    const probe = engine === "sqlite" ? writeLockProbe(dbPath) : null;
    const watch = engine === "pg" ? await transactionWatch(dbPath) : null;
    let lockSince: number | null = null;
    let writeLockHeldAtKill = false;
    let transactionEndedBeforeKill = false;
    let growth = { grown: false, size: walBefore, growths: 0 };
    if (watch) {
      // The call's transaction: one seen open for a while (a retention purge at start holds one
      // for a moment only). "transaction" kills while it has been open for holdMs, "commit" as
      // soon as it is gone.
      const holdMs = options.holdMs ?? 300;
      const deadline = Date.now() + limitMs;
      let seen: string | null = null;
      let since = 0;
      while (Date.now() < deadline && !answered && !exitedEarly()) {
        const open = await watch.open();
        if (seen !== null && !open.includes(seen)) {
          if (killAt === "commit" && performance.now() - since >= PG_CALL_SEEN_MS) {
            transactionEndedBeforeKill = true;
            break;
          }
          seen = null;
        }
        if (seen === null && open.length) {
          seen = open[0]!;
          since = performance.now();
        }
        if (killAt === "transaction" && seen !== null && performance.now() - since >= holdMs) {
          lockSince = since;
          writeLockHeldAtKill = (await watch.open()).includes(seen);
          break;
        }
        await new Promise((done) => setTimeout(done, killAt === "commit" ? 1 : 10));
      }
      await watch.close();
    } else if (killAt === "commit") {
      // Twice: the WAL header, then the transaction's first frames.
      growth = await waitForWalGrowth(dbPath, walBefore, { growths: 2, limitMs, stop: () => answered || exitedEarly() });
      writeLockHeldAtKill = probe!.held();
    } else {
      const holdMs = options.holdMs ?? 300;
      const deadline = Date.now() + limitMs;
      while (Date.now() < deadline && !answered && !exitedEarly()) {
        const held = probe!.held();
        if (held && lockSince === null) lockSince = performance.now();
        if (!held) lockSince = null;
        if (lockSince !== null && performance.now() - lockSince >= holdMs) {
          writeLockHeldAtKill = true;
          break;
        }
        await new Promise((done) => setTimeout(done, 10));
      }
      growth = { grown: walSize(dbPath) > walBefore, size: walSize(dbPath), growths: walSize(dbPath) > walBefore ? 1 : 0 };
    }
    probe?.close();
    const answeredBeforeKill = answered;
    first.child.kill("SIGKILL");
    const msUntilKill = Math.round(performance.now() - sentAt);
    const writeLockHeldMs = lockSince === null ? 0 : Math.round(performance.now() - lockSince);
    const killed = await first.exited;
    await pending; // the connection was cut: an error, unless it had answered
    const walBytesAfterKill = engine === "sqlite" ? walSize(dbPath) : 0;
    if (engine === "sqlite" && killAt === "commit" && !growth.grown) problems.push("the WAL did not grow before the kill: the bulk was not writing");
    if (engine === "pg" && killAt === "commit" && !transactionEndedBeforeKill) problems.push("the call's transaction was not seen ending before the kill");
    if (killAt === "transaction" && !writeLockHeldAtKill) problems.push("the write lock was not seen held: the bulk's transaction was not open");
    if (answeredBeforeKill) problems.push("the bulk call answered before the kill: it was not interrupted");
    if (killed.signal !== "SIGKILL") problems.push(`the first process ended with ${killed.code ?? killed.signal}, not by SIGKILL`);

    const restartStarted = performance.now();
    const second = await startServerProcess(env);
    servers.push(second);
    const restartMs = Math.round(performance.now() - restartStarted);

    const invariants = await checkInvariants(dbPath);
    if (!invariants.ok) problems.push(`invariants: ${invariants.violations.slice(0, 5).join(" | ")}`);
    const after = await snapshot(dbPath);

    // Wholly old: the very same rows. Wholly new: P2 with exactly P2's offers (priorities n..1),
    // the offers attached on their own untouched.
    const p2 = PACKAGE_OFFERS[LP.P2]!;
    const newRows = p2.map((offerId, i) => `|${offerId}|${p2.length - i}|${LP.P2}`).sort();
    let oldState = 0;
    let newState = 0;
    const mixedSamples: string[] = [];
    let mixedState = 0;
    for (const s of world.subscribers) {
      const was = before.get(s.id)!;
      const now = after.get(s.id);
      const wasKeys = was.rows.map((r) => rowKey(r, true)).sort();
      const nowKeys = now ? now.rows.map((r) => rowKey(r, true)).sort() : [];
      if (now && now.packageId === was.packageId && JSON.stringify(wasKeys) === JSON.stringify(nowKeys)) {
        oldState++;
        continue;
      }
      const standaloneWas = was.rows.filter((r) => r.package_id === null).map((r) => rowKey(r, true)).sort();
      const standaloneNow = now ? now.rows.filter((r) => r.package_id === null).map((r) => rowKey(r, true)).sort() : [];
      const packageNow = now ? now.rows.filter((r) => r.package_id !== null).map((r) => rowKey(r, false)).sort() : [];
      if (
        now &&
        now.packageId === LP.P2 &&
        JSON.stringify(standaloneWas) === JSON.stringify(standaloneNow) &&
        JSON.stringify(packageNow) === JSON.stringify(newRows)
      ) {
        newState++;
        continue;
      }
      mixedState++;
      if (mixedSamples.length < 5) mixedSamples.push(`${s.id}: package ${now?.packageId ?? "(gone)"}, offers ${nowKeys.join(", ")}`);
    }
    // The subscribers the call did not name must not have changed at all.
    for (const s of world.resellerSubscribers) {
      const was = before.get(s.id)!;
      const now = after.get(s.id);
      if (!now || now.packageId !== was.packageId || JSON.stringify(now.rows) !== JSON.stringify(was.rows)) {
        mixedState++;
        if (mixedSamples.length < 5) mixedSamples.push(`${s.id} (not in the call) changed`);
      }
    }
    if (mixedState) problems.push(`${mixedState} subscribers are in neither their old nor their new state`);
    if (oldState !== world.subscribers.length && newState !== world.subscribers.length) {
      // One transaction per call: a partial commit would be a bug in this design.
      problems.push(`the call was partly committed: ${oldState} old, ${newState} new`);
    }
    const inProgress = invariants.counts.requestsByStatus.IN_PROGRESS ?? 0;
    if (inProgress) problems.push(`${inProgress} Requests are IN_PROGRESS`);

    const read = await graphql(second.url, LOAD_KEYS.R, `query($id: SubscriberIdentifierInput!) { viewer { id } subscriber(identifier: $id) { id package { id } } }`, {
      id: { type: "IMSI", value: world.subscribers[0]!.imsi },
    });
    const readOk = read.status === 200 && !read.body?.errors && read.body?.data?.subscriber?.id === world.subscribers[0]!.id;
    if (!readOk) problems.push(`a query after the restart failed: ${read.status} ${read.text.slice(0, 200)}`);
    const write = await graphql(second.url, LOAD_KEYS.R, BULK, {
      items: [{ subscriber: { type: "IMSI", value: world.subscribers[0]!.imsi }, currentPackageId: after.get(world.subscribers[0]!.id)!.packageId, newPackageId: LP.P3 }],
    });
    const writeOk = write.status === 200 && write.body?.data?.bulkReplacePackage?.succeededCount === 1;
    if (!writeOk) problems.push(`a write after the restart failed: ${write.status} ${write.text.slice(0, 200)}`);

    const restartedExit = await second.stop("SIGTERM");
    if (restartedExit.code !== 0) problems.push(`the restarted process exited with ${restartedExit.code ?? restartedExit.signal} on SIGTERM`);
    const finalInvariants = await checkInvariants(dbPath);
    if (!finalInvariants.ok) problems.push(`invariants after the last write: ${finalInvariants.violations.slice(0, 5).join(" | ")}`);

    return {
      engine,
      items,
      seed,
      killAt,
      writeLockHeldAtKill,
      writeLockHeldMs,
      transactionEndedBeforeKill,
      loadMs,
      msUntilKill,
      walBytesBeforeRequest: walBefore,
      walBytesAtKill: growth.size,
      walGrowthsSeen: growth.growths,
      answeredBeforeKill,
      killedBy: killed.signal,
      walBytesAfterKill,
      restartMs,
      integrity: invariants.integrity,
      oldState,
      newState,
      mixedState,
      mixedSamples,
      requestsByStatus: invariants.counts.requestsByStatus,
      queryAfterRestart: { status: read.status, ok: readOk },
      writeAfterRestart: { status: write.status, ok: writeOk },
      restartedExit: { code: restartedExit.code, signal: restartedExit.signal },
      invariants,
      problems,
    };
  } finally {
    for (const server of servers) if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill("SIGKILL");
    await Promise.all(servers.map((s) => s.exited));
    if (!options.keepFiles) await database.drop();
    else if (existsSync(database.dir)) console.log(`kept ${database.dir}${engine === "pg" ? ` and ${dbPath}` : ""}`);
  }
}

export function printCrash(f: CrashFigures, log: (line: string) => void = console.log): void {
  const pg = f.engine === "pg";
  log(`crash: SIGKILL in the middle of a ${f.items}-item bulkReplacePackage (P1 -> P2) on ${pg ? "PostgreSQL" : "SQLite"}, kill at ${f.killAt}, seed ${f.seed}`);
  log(`  world loaded in ${f.loadMs} ms; killed ${f.msUntilKill} ms after sending, by ${f.killedBy}; answered before the kill: ${f.answeredBeforeKill}`);
  if (pg && f.killAt === "commit") log(`  the call's transaction seen ending before the kill: ${f.transactionEndedBeforeKill}`);
  else {
    log(
      `  ${pg ? "the call's transaction open" : "write lock held"} at the kill: ${f.writeLockHeldAtKill}${f.killAt === "transaction" ? ` (seen held for ${f.writeLockHeldMs} ms)` : ""}`,
    );
  }
  if (!pg) log(`  WAL bytes: before the call ${f.walBytesBeforeRequest}, at the kill ${f.walBytesAtKill} (grew ${f.walGrowthsSeen} times), after the kill ${f.walBytesAfterKill}`);
  log(`  restart: listening after ${f.restartMs} ms; ${pg ? "amcheck of every index" : "integrity_check"} ${f.integrity}`);
  log(`  subscribers: ${f.oldState} wholly old, ${f.newState} wholly new, ${f.mixedState} mixed`);
  for (const s of f.mixedSamples) log(`    mixed: ${s}`);
  log(`  requests after restart: ${JSON.stringify(f.requestsByStatus)}; invariants ${f.invariants.ok ? "OK" : "VIOLATED"} (${f.invariants.counts.subscribers} subscribers, ${f.invariants.counts.packageOfferInstances} package offers)`);
  log(`  after restart: query ${f.queryAfterRestart.ok ? "ok" : "FAILED"} (HTTP ${f.queryAfterRestart.status}), write ${f.writeAfterRestart.ok ? "ok" : "FAILED"} (HTTP ${f.writeAfterRestart.status}); restarted process exit on SIGTERM ${f.restartedExit.code ?? f.restartedExit.signal}`);
  log(f.problems.length ? `FAILED:\n  - ${f.problems.join("\n  - ")}` : "PASSED");
}

export async function main(argv = process.argv.slice(2)): Promise<number> {
  const args: Record<string, number> = {};
  let killAt: KillPoint = "commit";
  let engine: EngineName = "sqlite";
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i]!.replace(/^--/, "");
    const value = Number(argv[i + 1]);
    if (name === "kill-at" && (argv[i + 1] === "commit" || argv[i + 1] === "transaction")) {
      killAt = argv[i + 1] as KillPoint;
      continue;
    }
    if (name === "engine") {
      engine = engineName(argv[i + 1]);
      continue;
    }
    if (!["items", "seed"].includes(name) || !Number.isFinite(value)) {
      throw new Error(`usage: crash [--items N] [--seed N] [--kill-at commit|transaction] [--engine sqlite|pg] (got ${argv[i]} ${argv[i + 1]})`);
    }
    args[name] = value;
  }
  const figures = await runCrash({ engine, items: args.items ?? 10_000, seed: args.seed ?? 1, killAt });
  printCrash(figures);
  return figures.problems.length ? 1 : 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
