/**
 * Benchmarks (`npm run bench`): prints timings, asserts nothing. Runs the built server as a
 * process on a temporary database loaded with a generated world, on 127.0.0.1 only.
 *
 *   node dist-scripts/bench.js [--subscribers 20000] [--reads 300] [--cpu-prof DIR]
 *
 * The bulk figures use half the subscribers (10,000 by default) and all of them (20,000):
 *   A  bulk of the first half, P1 -> P2, no idempotency key, after a 500-item warm-up bulk
 *      (P1 -> P1 on the second half): the API's time for the bulk;
 *      the same SQL run raw with better-sqlite3 on a copy of the starting database, for the ratio;
 *   B  the same subscribers back, P2 -> P1, with an idempotency key, while a small query is sent
 *      every 20 ms: how long reads wait during a bulk (then B is replayed with its key);
 *   C  every subscriber, P1 -> P2, no key: the 20k / 10k scaling against A (and the same for
 *      the raw SQL, on a second copy of the starting database).
 * --cpu-prof DIR writes a CPU profile of the server process into DIR when it exits.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { copyDatabaseFile, rawReplacePackage } from "./lib/raw-bulk";
import { dbLoad, LC, LOAD_KEYS, loadWorld, LP, type LoadSubscriber } from "./lib/worlds";
import { startPoller, type Polled } from "./lib/poller";
import { graphql, startServerProcess } from "./lib/server-process";

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

export async function main(): Promise<void> {
  const subscribers = arg("subscribers", 20_000);
  const reads = arg("reads", 300);
  const cpuProfDir = textArg("cpu-prof");
  const half = Math.min(10_000, Math.floor(subscribers / 2));
  if (half < 1) throw new Error(`--subscribers must be at least 2, got ${subscribers}`);
  const dir = mkdtempSync(join(tmpdir(), "connectivity-bench-"));
  const dbPath = join(dir, "bench.db");
  const rawPath = join(dir, "raw.db");
  const rawLargePath = join(dir, "raw-large.db");
  const loadBefore = loadavg();
  try {
    const world = loadWorld({ subscribers });
    const [, loadMs] = await timed(() => dbLoad(dbPath, world.json));
    const key = LOAD_KEYS.R;
    const rows: [string, string][] = [["world", `${subscribers} subscribers loaded by db:load in ${loadMs.toFixed(0)} ms`]];

    // For the raw baselines, before the server opens the file: complete copies of the starting state.
    copyDatabaseFile(dbPath, rawPath);
    copyDatabaseFile(dbPath, rawLargePath);
    const firstHalf = world.subscribers.slice(0, half);

    const server = await startServerProcess(
      { DATABASE_PATH: dbPath, SEED_DEMO_WORLD: "false", LOG_LEVEL: "warn", BULK_ITEM_LIMIT: String(2 * half) },
      30_000,
      { execArgv: cpuProfDir ? ["--cpu-prof", "--cpu-prof-dir", cpuProfDir] : [] },
    );

    const latencies: number[] = [];
    for (let i = 0; i < reads; i++) {
      const [res, took] = await timed(() => graphql(server.url, key, NESTED));
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

    const alone = await startPoller({ url: server.url, key, query: SMALL, everyMs: SMALL_EVERY_MS, count: 100 }).result;
    rows.push(["small query alone", `${SMALL} every ${SMALL_EVERY_MS} ms, no bulk: ${describePolled(alone)}`]);

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
    // A few queries first, so that the poller's connection is open and warm when the bulk starts.
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
    await server.stop("SIGTERM");

    const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(" ");
    console.log(`Benchmark (${new Date().toISOString()}, Node ${process.version}, requester ${LC.R}):`);
    for (const [name, figure] of rows) console.log(`  ${name.padEnd(24)} ${figure}`);
    console.log(`  ${"machine load".padEnd(24)} load average before ${load(loadBefore)}, after ${load(loadavg())}`);
    if (cpuProfDir) console.log(`  ${"cpu profile".padEnd(24)} server process profile written to ${cpuProfDir}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
