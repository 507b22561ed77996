/**
 * Benchmarks (`npm run bench`): prints timings, asserts nothing. Runs the built server as a
 * process on a temporary database loaded with a generated world, on 127.0.0.1 only.
 *
 *   node dist-scripts/bench.js [--subscribers 10000] [--reads 300]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dbLoad, LC, LOAD_KEYS, loadWorld, LP } from "./lib/worlds";
import { graphql, startServerProcess } from "./lib/server-process";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
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

export async function main(): Promise<void> {
  const subscribers = arg("subscribers", 10_000);
  const reads = arg("reads", 300);
  const dir = mkdtempSync(join(tmpdir(), "connectivity-bench-"));
  const dbPath = join(dir, "bench.db");
  try {
    const world = loadWorld({ subscribers });
    const [, loadMs] = await timed(() => dbLoad(dbPath, world.json));
    const server = await startServerProcess({ DATABASE_PATH: dbPath, SEED_DEMO_WORLD: "false", LOG_LEVEL: "warn" });
    const key = LOAD_KEYS.R;
    const rows: [string, string][] = [["world", `${subscribers} subscribers loaded by db:load in ${loadMs.toFixed(0)} ms`]];

    const latencies: number[] = [];
    for (let i = 0; i < reads; i++) {
      const [res, ms] = await timed(() => graphql(server.url, key, NESTED));
      if (res.status !== 200 || res.body.errors) throw new Error(`read failed: ${res.text.slice(0, 300)}`);
      latencies.push(ms);
    }
    latencies.sort((a, b) => a - b);
    rows.push([
      "nested read",
      `${reads} sequential: p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, max ${latencies[latencies.length - 1]!.toFixed(1)} ms (300 subscribers with package, offers)`,
    ]);

    const items = world.subscribers.map((s) => ({
      subscriber: { type: "IMSI", value: s.imsi },
      currentPackageId: LP.P1,
      newPackageId: LP.P2,
    }));
    const [bulk, bulkMs] = await timed(() => graphql(server.url, key, BULK, { input: { items }, key: "bench-bulk-1" }));
    const result = bulk.body.data.bulkReplacePackage;
    rows.push([
      "bulkReplacePackage",
      `${items.length} items in ${bulkMs.toFixed(0)} ms (${((items.length / bulkMs) * 1000).toFixed(0)} items/s), ${result.succeededCount} succeeded, ${result.failedCount} failed`,
    ]);
    const [, replayMs] = await timed(() => graphql(server.url, key, BULK, { input: { items }, key: "bench-bulk-1" }));
    rows.push(["idempotent replay", `same ${items.length}-item call answered from the stored outcome in ${replayMs.toFixed(0)} ms`]);

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

    console.log(`Benchmark (${new Date().toISOString()}, Node ${process.version}, requester ${LC.R}):`);
    for (const [name, figure] of rows) console.log(`  ${name.padEnd(24)} ${figure}`);
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
