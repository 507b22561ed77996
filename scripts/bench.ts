/**
 * Benchmarks (`npm run bench`): prints timings, asserts nothing. Runs the built server as a
 * process on a temporary database loaded with a generated world, on 127.0.0.1 only.
 *
 *   node dist-scripts/bench.js [--only bulks|reads] [--engine sqlite|pg] [--subscribers 20000] [--reads 300] [--cpu-prof DIR]
 *                              [--connections 32] [--duration 5] [--warm-up 3] [--page-requests 300]
 *
 * The bulk figures use half the subscribers (10,000 by default) and all of them (20,000):
 *   A  bulk of the first half, P1 -> P2, no idempotency key, after a 500-item warm-up bulk
 *      (P1 -> P1 on the second half): the API's time for the bulk;
 *      the same SQL run raw with better-sqlite3 on a copy of the starting database, for the ratio;
 *   B  the same subscribers back, P2 -> P1, with an idempotency key, while a small query is sent
 *      every 20 ms: how long reads wait during a bulk (then B is replayed with its key);
 *   C  every subscriber, P1 -> P2, no key: the 20k / 10k scaling against A (and the same for
 *      the raw SQL, on a second copy of the starting database).
 * --cpu-prof DIR writes a CPU profile of each server process into DIR when it exits.
 *
 * --engine pg runs both sections with the server on PostgreSQL, each on a database made for
 * the run (PG_ADMIN_URL, default the local server; dropped afterwards). The bulk figures are
 * then A, B and C on PostgreSQL, with A and C also run on a SQLite server loaded with the same
 * world in the same run (one after the other, the servers otherwise idle): the ratio
 * PostgreSQL / SQLite, target ≤ 2. The raw SQL baselines are SQLite's and are left out.
 *
 * READS (scripts/lib/read-world.ts, a second database and server process): a big reseller
 * (20 enterprises x 2,000 SIMs) and its twin (20 x 20) in one database.
 *   - throughput of three queries, C keep-alive connections (--connections, default 32) back to
 *     back for --duration seconds (default 5) after --warm-up seconds (default 3), against a
 *     bare node:http server in its own process answering the same bytes (scripts/lib/raw-server.ts):
 *     the ratio API / raw;
 *   - page cost: the same page read in the big tree and in the twin, one connection, requests
 *     alternating, --page-requests each (default 300) after a warm-up: the ratio of mean latencies.
 * --only runs one section (the default runs both).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { copyDatabaseFile, rawReplacePackage } from "./lib/raw-bulk";
import { dbLoad, LC, LOAD_KEYS, loadWorld, LP, type LoadSubscriber } from "./lib/worlds";
import { startPoller, type Polled } from "./lib/poller";
import { graphql, startServerProcess } from "./lib/server-process";
import { runLoad, type LoadStats, type LoadTarget } from "./lib/load";
import { startRawServer, type RawServer } from "./lib/raw-server";
import { readWorld, seedRequests, type ReadTree, type TreeName } from "./lib/read-world";
import { engineName, scratchDatabase, type EngineName } from "./lib/scratch-database";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function textArg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await run();
  return [result, performance.now() - started];
}

const BULK = `mutation($input: BulkReplacePackageInput!, $key: String) {
  bulkReplacePackage(input: $input, idempotencyKey: $key) {
    __typename ... on BulkReplacePackageSuccess { succeededCount failedCount } ... on ErrorResult { code } } }`;
const NESTED = `{ viewer { subCustomers(first: 3) { nodes { name subscribers(first: 100) { totalCount nodes { imsi package { name nestedOffers { name } } offers { priority } } } } } } }`;
const SMALL = `{ viewer { id name } }`;
/** How often the small query is sent, and the longest it should wait while a bulk runs. */
const SMALL_EVERY_MS = 20;
const SMALL_TARGET_MS = 50;

const ms = (value: number) => `${value.toFixed(value < 100 ? 1 : 0)} ms`;
const thousands = (n: number) => (n % 1000 === 0 ? `${n / 1000}k` : String(n));

function describePolled(polled: Polled): string {
  const { latencies, failed } = polled;
  if (latencies.length === 0) return `none answered, ${failed} failed`;
  const longest = latencies[latencies.length - 1]!;
  return (
    `longest ${ms(longest)} (target ≤ ${SMALL_TARGET_MS} ms), p50 ${ms(percentile(latencies, 50))}, ` +
    `count ${latencies.length}${failed ? `, ${failed} failed` : ""}`
  );
}

const replaceItems = (subscribers: readonly LoadSubscriber[], currentPackageId: string, newPackageId: string) =>
  subscribers.map((s) => ({ subscriber: { type: "IMSI", value: s.imsi }, currentPackageId, newPackageId }));

/** A server's figures before its bulks: the nested read, sent `reads` times one after another, and the small query alone. */
async function idleFigures(rows: Rows, url: string, key: string, reads: number): Promise<void> {
  const latencies: number[] = [];
  for (let i = 0; i < reads; i++) {
    const [res, took] = await timed(() => graphql(url, key, NESTED));
    if (res.status !== 200 || res.body.errors) throw new Error(`read failed: ${res.text.slice(0, 300)}`);
    latencies.push(took);
  }
  latencies.sort((a, b) => a - b);
  if (reads > 0) {
    rows.push([
      "nested read",
      `${reads} sequential: p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, max ${latencies[latencies.length - 1]!.toFixed(1)} ms (300 subscribers with package, offers)`,
    ]);
  }
  const alone = await startPoller({ url, key, query: SMALL, everyMs: SMALL_EVERY_MS, count: 100 }).result;
  rows.push(["small query alone", `${SMALL} every ${SMALL_EVERY_MS} ms, no bulk: ${describePolled(alone)}`]);
}

/** The server process's resident memory now and at its peak, from /proc (Linux only). */
function serverMemory(pid: number | undefined): string {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1]);
    const mb = (field: string) => `${(kb(field) / 1024).toFixed(0)} MB`;
    return `VmRSS ${mb("VmRSS")}, peak VmHWM ${mb("VmHWM")} (pid ${pid})`;
  } catch (error) {
    return `unknown (${(error as Error).message})`;
  }
}

type Rows = [string, string][];

async function bulkSection(rows: Rows, cpuProfDir: string | undefined): Promise<void> {
  const subscribers = arg("subscribers", 20_000);
  const reads = arg("reads", 300);
  const half = Math.min(10_000, Math.floor(subscribers / 2));
  if (half < 1) throw new Error(`--subscribers must be at least 2, got ${subscribers}`);
  const dir = mkdtempSync(join(tmpdir(), "connectivity-bench-"));
  const dbPath = join(dir, "bench.db");
  const rawPath = join(dir, "raw.db");
  const rawLargePath = join(dir, "raw-large.db");
  try {
    const world = loadWorld({ subscribers });
    const [, loadMs] = await timed(() => dbLoad(dbPath, world.json));
    const key = LOAD_KEYS.R;
    rows.push(["world", `${subscribers} subscribers loaded by db:load in ${loadMs.toFixed(0)} ms`]);

    // For the raw baselines, before the server opens the file: complete copies of the starting state.
    copyDatabaseFile(dbPath, rawPath);
    copyDatabaseFile(dbPath, rawLargePath);
    const firstHalf = world.subscribers.slice(0, half);

    const server = await startServerProcess(
      { DATABASE_PATH: dbPath, SEED_DEMO_WORLD: "false", LOG_LEVEL: "warn", BULK_ITEM_LIMIT: String(2 * half) },
      30_000,
      { execArgv: cpuProfDir ? ["--cpu-prof", "--cpu-prof-dir", cpuProfDir] : [] },
    );

    await idleFigures(rows, server.url, key, reads);

    const bulk = async (items: ReturnType<typeof replaceItems>, idempotencyKey?: string) => {
      const [res, took] = await timed(() => graphql(server.url, key, BULK, { input: { items }, key: idempotencyKey }));
      const result = res.body?.data?.bulkReplacePackage;
      if (!result) throw new Error(`bulk failed: ${res.text.slice(0, 300)}`);
      return { took, summary: `${result.succeededCount ?? 0} succeeded, ${result.failedCount ?? 0} failed${result.code ? `, ${result.code}` : ""}` };
    };

    // A warm-up bulk on the second half, P1 -> P1 (its state stays as it was), so that A, like C,
    // runs on a server whose bulk path has already run.
    const warmUp = world.subscribers.slice(half, half + Math.min(500, half));
    await bulk(replaceItems(warmUp, LP.P1, LP.P1));

    // The raw baseline, then A (the API's time for the same work), back to back: both see the
    // same machine load. The server is idle while the raw SQL runs.
    const raw = rawReplacePackage(rawPath, {
      requesterId: LC.R,
      imsis: firstHalf.map((s) => s.imsi),
      currentPackageId: LP.P1,
      newPackageId: LP.P2,
    });
    rmSync(rawPath, { force: true });
    const a = await bulk(replaceItems(firstHalf, LP.P1, LP.P2));
    rows.push([
      "bulkReplacePackage",
      `${half} items, no idempotency key, in ${a.took.toFixed(0)} ms (${((half / a.took) * 1000).toFixed(0)} items/s), ${a.summary}`,
    ]);
    rows.push([
      "bulk vs raw SQL",
      `bulk ${thousands(half)}: API ${a.took.toFixed(0)} ms, raw ${raw.ms.toFixed(0)} ms, ratio ${(a.took / raw.ms).toFixed(2)} (target ≤ 1.5)` +
        ` (raw: ${raw.succeeded} succeeded, ${raw.failed} failed)`,
    ]);

    // B: the same subscribers back to P1, with a key, while the small query keeps coming.
    const itemsB = replaceItems(firstHalf, LP.P2, LP.P1);
    // The poller runs in a worker thread: this thread's JSON work on the bulk body delays it not.
    const poller = startPoller({ url: server.url, key, query: SMALL, everyMs: SMALL_EVERY_MS, count: 0 });
    // The poller warms up first; a few scheduled queries then run before the bulk starts.
    await poller.ready;
    await new Promise((resolve) => setTimeout(resolve, 5 * SMALL_EVERY_MS));
    const b = await bulk(itemsB, "bench-bulk-1").finally(() => poller.stop());
    const polled = await poller.result;
    rows.push([
      "reads during bulk",
      `${SMALL} every ${SMALL_EVERY_MS} ms while a ${half}-item bulk ran: ${describePolled(polled)}`,
    ]);
    rows.push([
      "bulk under reads",
      `${half} items, with idempotency key, in ${b.took.toFixed(0)} ms, ${b.summary}; ` +
        `the longest-waiting query was sent ${(polled.longestSentAt - 5 * SMALL_EVERY_MS).toFixed(0)} ms after the bulk`,
    ]);
    const [, replayMs] = await timed(() => graphql(server.url, key, BULK, { input: { items: itemsB }, key: "bench-bulk-1" }));
    rows.push(["idempotent replay", `same ${half}-item call answered from the stored outcome in ${replayMs.toFixed(0)} ms`]);

    // C: every subscriber (all on P1 again), twice A's items, same work per item; the same SQL
    // raw on the starting state just before it, to tell how much of the growth is SQLite's.
    const large = world.subscribers.slice(0, 2 * half);
    const rawLarge = rawReplacePackage(rawLargePath, {
      requesterId: LC.R,
      imsis: large.map((s) => s.imsi),
      currentPackageId: LP.P1,
      newPackageId: LP.P2,
    });
    rmSync(rawLargePath, { force: true });
    const c = await bulk(replaceItems(large, LP.P1, LP.P2));
    rows.push([
      "scaling",
      `bulk ${thousands(2 * half)} / ${thousands(half)} = ${(c.took / a.took).toFixed(2)} (target ≤ 2.2): ${2 * half} items in ${c.took.toFixed(0)} ms (${c.summary}), ${half} in ${a.took.toFixed(0)} ms`,
    ]);
    rows.push([
      "scaling, raw SQL",
      `raw ${thousands(2 * half)} / ${thousands(half)} = ${(rawLarge.ms / raw.ms).toFixed(2)}: ${2 * half} items in ${rawLarge.ms.toFixed(0)} ms, ${half} in ${raw.ms.toFixed(0)} ms` +
        ` (API / raw at ${thousands(2 * half)}: ${(c.took / rawLarge.ms).toFixed(2)})`,
    ]);

    const [, smallMs] = await timed(async () => {
      for (let i = 0; i < 100; i++) {
        const s = world.subscribers[i % world.subscribers.length]!;
        await graphql(server.url, key, BULK, {
          input: { items: [{ subscriber: { type: "IMSI", value: s.imsi }, currentPackageId: LP.P2, newPackageId: LP.P2 }] },
        });
      }
    });
    rows.push(["single-item mutations", `100 sequential in ${smallMs.toFixed(0)} ms (${(smallMs / 100).toFixed(1)} ms each, synchronous=FULL commit included)`]);
    rows.push(["server memory", `after the bulks: ${serverMemory(server.child.pid)}`]);
    await server.stop("SIGTERM");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The PostgreSQL / SQLite ratio of a bulk's time that the PostgreSQL server should stay within. */
const PG_BULK_TARGET = 2;

/**
 * The bulk figures on PostgreSQL (--engine pg): the same world loaded into a PostgreSQL database
 * and a SQLite file, a server process on each; A and C timed on both, back to back, B, the
 * replay and the single-item mutations on PostgreSQL.
 */
async function pgBulkSection(rows: Rows, cpuProfDir: string | undefined): Promise<void> {
  const subscribers = arg("subscribers", 20_000);
  const reads = arg("reads", 300);
  const half = Math.min(10_000, Math.floor(subscribers / 2));
  if (half < 1) throw new Error(`--subscribers must be at least 2, got ${subscribers}`);
  const pgDatabase = await scratchDatabase("pg", "bench");
  const sqliteDatabase = await scratchDatabase("sqlite", "bench");
  const servers: Awaited<ReturnType<typeof startServerProcess>>[] = [];
  try {
    const world = loadWorld({ subscribers });
    const key = LOAD_KEYS.R;
    const [, pgLoadMs] = await timed(() => dbLoad(pgDatabase.location, world.json, pgDatabase.dir));
    const [, sqliteLoadMs] = await timed(() => dbLoad(sqliteDatabase.location, world.json));
    rows.push(["world", `${subscribers} subscribers loaded by db:load in ${pgLoadMs.toFixed(0)} ms on PostgreSQL, ${sqliteLoadMs.toFixed(0)} ms on SQLite`]);
    const start = async (env: Record<string, string>) => {
      const server = await startServerProcess(
        { ...env, SEED_DEMO_WORLD: "false", LOG_LEVEL: "warn", BULK_ITEM_LIMIT: String(2 * half) },
        30_000,
        { execArgv: cpuProfDir ? ["--cpu-prof", "--cpu-prof-dir", cpuProfDir] : [] },
      );
      servers.push(server);
      return server;
    };
    const pg = await start(pgDatabase.env);
    const sqlite = await start(sqliteDatabase.env);
    rows.push(["engine", `PostgreSQL server (pid ${pg.child.pid}), SQLite server for the comparison (pid ${sqlite.child.pid})`]);

    await idleFigures(rows, pg.url, key, reads);

    const bulk = async (url: string, items: ReturnType<typeof replaceItems>, idempotencyKey?: string) => {
      const [res, took] = await timed(() => graphql(url, key, BULK, { input: { items }, key: idempotencyKey }));
      const result = res.body?.data?.bulkReplacePackage;
      if (!result) throw new Error(`bulk failed: ${res.text.slice(0, 300)}`);
      return { took, summary: `${result.succeededCount ?? 0} succeeded, ${result.failedCount ?? 0} failed${result.code ? `, ${result.code}` : ""}` };
    };

    // A 500-item warm-up bulk on each server (the second half, P1 -> P1: its state stays).
    const warmUp = world.subscribers.slice(half, half + Math.min(500, half));
    await bulk(sqlite.url, replaceItems(warmUp, LP.P1, LP.P1));
    await bulk(pg.url, replaceItems(warmUp, LP.P1, LP.P1));

    // A on SQLite, then at once on PostgreSQL: both see the same machine load.
    const firstHalf = world.subscribers.slice(0, half);
    const sqliteA = await bulk(sqlite.url, replaceItems(firstHalf, LP.P1, LP.P2));
    const a = await bulk(pg.url, replaceItems(firstHalf, LP.P1, LP.P2));
    rows.push([
      "bulkReplacePackage",
      `${half} items, no idempotency key, in ${a.took.toFixed(0)} ms on PostgreSQL (${((half / a.took) * 1000).toFixed(0)} items/s), ${a.summary}`,
    ]);
    rows.push([
      "bulk vs SQLite",
      `bulk ${thousands(half)}: PostgreSQL ${a.took.toFixed(0)} ms, SQLite ${sqliteA.took.toFixed(0)} ms, ratio ${(a.took / sqliteA.took).toFixed(2)} (target ≤ ${PG_BULK_TARGET})` +
        ` (SQLite: ${sqliteA.summary})`,
    ]);

    // B: the same subscribers back to P1 on PostgreSQL, with a key, while the small query keeps coming.
    const itemsB = replaceItems(firstHalf, LP.P2, LP.P1);
    const poller = startPoller({ url: pg.url, key, query: SMALL, everyMs: SMALL_EVERY_MS, count: 0 });
    await poller.ready;
    await new Promise((resolve) => setTimeout(resolve, 5 * SMALL_EVERY_MS));
    const b = await bulk(pg.url, itemsB, "bench-bulk-1").finally(() => poller.stop());
    const polled = await poller.result;
    rows.push(["reads during bulk", `${SMALL} every ${SMALL_EVERY_MS} ms while a ${half}-item bulk ran: ${describePolled(polled)}`]);
    rows.push([
      "bulk under reads",
      `${half} items, with idempotency key, in ${b.took.toFixed(0)} ms, ${b.summary}; ` +
        `the longest-waiting query was sent ${(polled.longestSentAt - 5 * SMALL_EVERY_MS).toFixed(0)} ms after the bulk`,
    ]);
    const [, replayMs] = await timed(() => graphql(pg.url, key, BULK, { input: { items: itemsB }, key: "bench-bulk-1" }));
    rows.push(["idempotent replay", `same ${half}-item call answered from the stored outcome in ${replayMs.toFixed(0)} ms`]);

    // C: every subscriber, P1 -> P2 (the SQLite server's first half goes back to P1 first, so
    // that its C does the same work), on SQLite then on PostgreSQL.
    await bulk(sqlite.url, replaceItems(firstHalf, LP.P2, LP.P1));
    const large = world.subscribers.slice(0, 2 * half);
    const sqliteC = await bulk(sqlite.url, replaceItems(large, LP.P1, LP.P2));
    const c = await bulk(pg.url, replaceItems(large, LP.P1, LP.P2));
    rows.push([
      "scaling",
      `bulk ${thousands(2 * half)} / ${thousands(half)} = ${(c.took / a.took).toFixed(2)} (target ≤ 2.2) on PostgreSQL: ${2 * half} items in ${c.took.toFixed(0)} ms (${c.summary}), ${half} in ${a.took.toFixed(0)} ms`,
    ]);
    rows.push([
      "scaling, SQLite",
      `bulk ${thousands(2 * half)} / ${thousands(half)} = ${(sqliteC.took / sqliteA.took).toFixed(2)}: ${2 * half} items in ${sqliteC.took.toFixed(0)} ms (${sqliteC.summary}), ${half} in ${sqliteA.took.toFixed(0)} ms` +
        ` (PostgreSQL / SQLite at ${thousands(2 * half)}: ${(c.took / sqliteC.took).toFixed(2)})`,
    ]);

    const [, smallMs] = await timed(async () => {
      for (let i = 0; i < 100; i++) {
        const s = world.subscribers[i % world.subscribers.length]!;
        await graphql(pg.url, key, BULK, {
          input: { items: [{ subscriber: { type: "IMSI", value: s.imsi }, currentPackageId: LP.P2, newPackageId: LP.P2 }] },
        });
      }
    });
    rows.push(["single-item mutations", `100 sequential in ${smallMs.toFixed(0)} ms (${(smallMs / 100).toFixed(1)} ms each, each its own commit on PostgreSQL)`]);
    rows.push(["server memory", `after the bulks: ${serverMemory(pg.child.pid)} on PostgreSQL; ${serverMemory(sqlite.child.pid)} on SQLite`]);
    for (const server of servers) await server.stop("SIGTERM");
  } finally {
    for (const server of servers) if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill("SIGKILL");
    await Promise.all(servers.map((s) => s.exited));
    await pgDatabase.drop();
    await sqliteDatabase.drop();
  }
}

function readSettings() {
  return {
    connections: arg("connections", 32),
    durationS: arg("duration", 5),
    warmUpS: arg("warm-up", 3),
    pageRequests: arg("page-requests", 300),
  };
}

/** The API's answer to one request, byte for byte, with its content-type: what the raw server repeats. */
async function recordAnswer(target: LoadTarget): Promise<{ body: Buffer; contentType: string; json: any }> {
  const response = await fetch(target.url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${target.key}` },
    body: target.body,
  });
  const body = Buffer.from(await response.arrayBuffer());
  const text = body.toString("utf8");
  const json = JSON.parse(text);
  if (response.status !== 200 || json.errors) throw new Error(`recording the answer failed: HTTP ${response.status}: ${text.slice(0, 500)}`);
  return { body, contentType: response.headers.get("content-type") ?? "application/json", json };
}

const graphqlBody = (query: string) => JSON.stringify({ query });
const tree = `{ viewer { subCustomers(first: 20) { nodes { subscribers(first: 20) { nodes { imsi package { name } } } } } } }`;
const nodesOf = (connection: any): any[] => connection?.nodes ?? [];

interface Throughput {
  name: string;
  target: number;
  query: (trees: Record<TreeName, ReadTree>) => { key: string; query: string };
  /** What the answer holds, checked before the load: the page must be the one meant. */
  describe: (data: any) => string;
}

const THROUGHPUT: Throughput[] = [
  {
    name: "viewer",
    target: 0.15,
    query: (t) => ({ key: t.big.resellerKey, query: `{ viewer { id name allowOfferDelegation } }` }),
    describe: (data) => `as ${data.viewer.name}`,
  },
  {
    name: "myPackages",
    target: 0.08,
    query: (t) => ({
      key: t.big.enterprises[0]!.key,
      query: `{ myPackages(customerId: "${t.big.enterprises[0]!.id}", first: 10) { __typename ... on PackageConnection { nodes { id name description nestedOffers { id name } } } } }`,
    }),
    describe: (data) => {
      const packages = nodesOf(data.myPackages);
      const offers = packages.reduce((n, p) => n + p.nestedOffers.length, 0);
      if (packages.length !== 10) throw new Error(`myPackages answered ${packages.length} packages, not 10: ${JSON.stringify(data).slice(0, 300)}`);
      return `${packages.length} packages, ${offers} nested offers, as an enterprise`;
    },
  },
  {
    name: "tree page",
    target: 0.03,
    query: (t) => ({ key: t.big.resellerKey, query: tree }),
    describe: (data) => {
      const enterprises = nodesOf(data.viewer.subCustomers);
      const sims = enterprises.reduce((n, e) => n + nodesOf(e.subscribers).length, 0);
      return `${enterprises.length} enterprises x 20 = ${sims} SIMs with package`;
    },
  },
];

interface PageCost {
  name: string;
  query: (t: ReadTree) => { key: string; query: string };
  /** How many items the page holds: both trees must answer the same number. */
  items: (data: any) => number;
  /** The list behind the page, in each tree, for the line. */
  behind: (t: ReadTree) => string;
}

const pageInfo = `pageInfo { hasNextPage endCursor }`;
const PAGE_COSTS: PageCost[] = [
  {
    name: "tree page",
    query: (t) => ({ key: t.resellerKey, query: tree }),
    items: (data) => nodesOf(data.viewer.subCustomers).reduce((n: number, e: any) => n + nodesOf(e.subscribers).length, 0),
    behind: (t) => `${t.size.subscribersPerEnterprise} SIMs per enterprise`,
  },
  {
    name: "subscribers",
    query: (t) => ({ key: t.enterprises[0]!.key, query: `{ viewer { subscribers(first: 20) { nodes { id imsi package { name } } ${pageInfo} } } }` }),
    items: (data) => nodesOf(data.viewer.subscribers).length,
    behind: (t) => `${t.size.subscribersPerEnterprise} SIMs of an enterprise`,
  },
  {
    name: "requests",
    query: (t) => ({ key: t.enterprises[0]!.key, query: `{ viewer { requests(first: 20) { nodes { id operation status createdAt } ${pageInfo} } } }` }),
    items: (data) => nodesOf(data.viewer.requests).length,
    behind: (t) => `${t.size.subscribersPerEnterprise} Requests of an enterprise`,
  },
  {
    name: "offers",
    query: (t) => ({ key: t.resellerKey, query: `{ viewer { offers(first: 20) { nodes { id name kind } ${pageInfo} } } }` }),
    items: (data) => nodesOf(data.viewer.offers).length,
    behind: (t) => `${t.size.offers} offers of the reseller`,
  },
  {
    name: "packages",
    query: (t) => ({ key: t.resellerKey, query: `{ viewer { packages(first: 20) { nodes { id name } ${pageInfo} } } }` }),
    items: (data) => nodesOf(data.viewer.packages).length,
    behind: (t) => `${t.size.packages} packages of the reseller`,
  },
  {
    name: "param configs",
    query: (t) => ({
      key: t.resellerKey,
      query: `{ externalParamsConfig(customerId: "${t.resellerId}", entity: CUSTOMER, entityId: "${t.resellerId}", first: 20) { __typename ... on ExternalParamConfigConnection { edges { value node { id name } } ${pageInfo} } } }`,
    }),
    items: (data) => (data.externalParamsConfig?.edges ?? []).length,
    behind: (t) => `${t.size.configs} CUSTOMER configs of the reseller with values`,
  },
];
const PAGE_COST_TARGET = 1.3;

const perSecond = (n: number) => n.toFixed(0);

/** The first error of each side that had any, on a line of its own. */
function firstErrors(rows: Rows, stats: LoadStats[], sides: string[]): void {
  stats.forEach((s, i) => {
    if (s.firstError !== undefined) rows.push([`  first error (${sides[i]})`, s.firstError.replace(/\s+/g, " ")]);
  });
}

async function readsSection(rows: Rows, cpuProfDir: string | undefined, engine: EngineName): Promise<void> {
  const settings = readSettings();
  const database = await scratchDatabase(engine, "bench-reads", "reads.db");
  try {
    const world = readWorld();
    const { big, twin } = world.trees;
    const [, loadMs] = await timed(() => dbLoad(database.location, world.json, database.dir));
    const sims = (t: ReadTree) => t.enterprises.length * t.size.subscribersPerEnterprise;
    rows.push([
      "reads world",
      `big reseller ${big.enterprises.length} enterprises x ${big.size.subscribersPerEnterprise} SIMs (${sims(big)}), twin ${twin.enterprises.length} x ${twin.size.subscribersPerEnterprise} (${sims(twin)}), ` +
        `${world.json.offers.length} offers, ${world.json.packages.length} packages, ${world.json.externalParamConfigs.length} param configs, loaded by db:load in ${loadMs.toFixed(0)} ms`,
    ]);

    const server = await startServerProcess(
      { ...database.env, SEED_DEMO_WORLD: "false", LOG_LEVEL: "warn" },
      30_000,
      { execArgv: cpuProfDir ? ["--cpu-prof", "--cpu-prof-dir", cpuProfDir] : [] },
    );
    let raw: RawServer | undefined;
    try {
      raw = await startRawServer();
      const [requests, seedMs] = await timed(async () => (await seedRequests(server.url, big)) + (await seedRequests(server.url, twin)));
      rows.push(["reads requests", `${requests} Requests recorded through the API (one bulkReplacePackage per enterprise) in ${seedMs.toFixed(0)} ms`]);

      const mode = { durationMs: settings.durationS * 1000, warmUpMs: settings.warmUpS * 1000 };
      for (const figure of THROUGHPUT) {
        const { key, query } = figure.query(world.trees);
        const api: LoadTarget = { url: server.url, key, body: graphqlBody(query) };
        const answer = await recordAnswer(api);
        const what = figure.describe(answer.json.data);
        // The API, then at once the raw server on the same answer: both see the same machine load.
        const [apiStats] = await runLoad({ targets: [api], connections: settings.connections, mode });
        await raw.setAnswer(answer.body, answer.contentType);
        const [rawStats] = await runLoad({ targets: [{ ...api, url: raw.url }], connections: settings.connections, mode });
        const ratio = apiStats!.perSecond / rawStats!.perSecond;
        rows.push([
          `read ${figure.name}`,
          `API ${perSecond(apiStats!.perSecond)} req/s, raw ${perSecond(rawStats!.perSecond)} req/s, ratio ${ratio.toFixed(3)} (target ≥ ${figure.target})` +
            `; p99 API ${ms(apiStats!.p99Ms)}, raw ${ms(rawStats!.p99Ms)}; p50 API ${ms(apiStats!.p50Ms)}, raw ${ms(rawStats!.p50Ms)}; ` +
            `${answer.body.length} B answer (${what}); errors API ${apiStats!.errors}, raw ${rawStats!.errors}`,
        ]);
        firstErrors(rows, [apiStats!, rawStats!], ["API", "raw"]);
      }

      const warmUpCount = Math.max(10, Math.round(settings.pageRequests / 10));
      for (const page of PAGE_COSTS) {
        const targets = [big, twin].map((t) => {
          const { key, query } = page.query(t);
          return { url: server.url, key, body: graphqlBody(query) };
        });
        const counts: number[] = [];
        for (const target of targets) counts.push(page.items((await recordAnswer(target)).json.data));
        if (counts[0] !== counts[1] || counts[0] === 0) {
          throw new Error(`page cost ${page.name}: the big tree answered ${counts[0]} items, the twin ${counts[1]}: the pages must be full and equal`);
        }
        const [bigStats, twinStats] = await runLoad({ targets, connections: 1, mode: { count: settings.pageRequests, warmUpCount } });
        const ratio = bigStats!.meanMs / twinStats!.meanMs;
        const errors = bigStats!.errors + twinStats!.errors;
        rows.push([
          `page cost: ${page.name}`,
          `big ${ms(bigStats!.meanMs)} / twin ${ms(twinStats!.meanMs)} = ${ratio.toFixed(2)} (target ≤ ${PAGE_COST_TARGET}); ` +
            `p99 big ${ms(bigStats!.p99Ms)}, twin ${ms(twinStats!.p99Ms)}; ${counts[0]} items a page, from ${page.behind(big)} (twin ${page.behind(twin)})` +
            (errors ? `; errors ${errors}` : ""),
        ]);
        firstErrors(rows, [bigStats!, twinStats!], ["big", "twin"]);
      }
      rows.push(["server memory", `after the reads: ${serverMemory(server.child.pid)}`]);
    } finally {
      await raw?.stop();
      await server.stop("SIGTERM");
    }
  } finally {
    await database.drop();
  }
}

export async function main(): Promise<void> {
  const only = textArg("only");
  if (only !== undefined && only !== "reads" && only !== "bulks") throw new Error(`--only takes reads or bulks, got ${only}`);
  const cpuProfDir = textArg("cpu-prof");
  const engine = engineName(textArg("engine"));
  const loadBefore = loadavg();
  const started = performance.now();
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(" ");
  const print = (rows: Rows) => {
    for (const [name, figure] of rows) console.log(`  ${name.padEnd(24)} ${figure}`);
  };
  // Each section prints once it is done (not while it measures): a failing reads section
  // still leaves the bulk figures on screen.
  const bulkRows: Rows = [];
  if (only !== "reads") await (engine === "pg" ? pgBulkSection(bulkRows, cpuProfDir) : bulkSection(bulkRows, cpuProfDir));
  const on = engine === "pg" ? ", server on PostgreSQL" : "";
  console.log(`Benchmark (${new Date().toISOString()}, Node ${process.version}, requester ${LC.R}${on}):`);
  print(bulkRows);
  if (only !== "bulks") {
    const readRows: Rows = [];
    await readsSection(readRows, cpuProfDir, engine);
    const settings = readSettings();
    console.log(
      `READS${engine === "pg" ? " on PostgreSQL" : ""} (API vs a bare node:http server answering the same bytes; ${settings.connections} keep-alive connections, ` +
        `${settings.durationS} s after a ${settings.warmUpS} s warm-up; page cost: one connection, big and twin alternating):`,
    );
    print(readRows);
  }
  console.log(`  ${"machine load".padEnd(24)} load average before ${load(loadBefore)}, after ${load(loadavg())}`);
  console.log(`  ${"bench time".padEnd(24)} ${((performance.now() - started) / 1000).toFixed(0)} s in all`);
  if (cpuProfDir) console.log(`  ${"cpu profile".padEnd(24)} server process profiles written to ${cpuProfDir}`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
