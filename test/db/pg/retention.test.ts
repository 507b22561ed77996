/**
 * Retention on PostgreSQL (README "Storage"): Requests and idempotency keys past their
 * retention are deleted in batches through the index on their creation time, rows inside it are
 * kept, two processes purging at once take different rows, and the background purge runs at
 * start like SQLite's.
 */
import { randomUUID } from "node:crypto";
import { Client } from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { openMigratedPgDatabase, type PgHandle } from "../../../src/db/pg/connection";
import { pgPurger } from "../../../src/db/pg/retention";
import { purgeWith, retentionCutoffs, startPurging } from "../../../src/db/retention";
import { freshDatabase, type FreshDatabase } from "./fresh-database";

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const NOW = new Date("2026-06-01T12:00:00.000Z");
const CONFIG = { requestRetentionDays: 30, idempotencyTtlHours: 48 };
const REQUESTER = "0e000000-0000-4000-8000-000000000001";
const ago = (ms: number, from = NOW) => new Date(from.getTime() - ms);

let db: FreshDatabase;
let handle: PgHandle;
let sql: Client;

beforeAll(async () => {
  db = await freshDatabase();
  handle = await openMigratedPgDatabase(db.url);
  sql = new Client({ connectionString: db.url });
  await sql.connect();
  await sql.query("insert into customers (id, parent_id, path, name, created_at) values ($1, null, $2, 'Requester', now())", [REQUESTER, `/${REQUESTER}/`]);
}, 30_000);
afterAll(async () => {
  await sql?.end();
  await handle?.close();
  await db?.drop();
});
beforeEach(async () => {
  await sql.query("truncate requests, idempotency_keys");
});

async function addRequests(count: number, at: Date): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID());
  await sql.query(
    "insert into requests (id, requester_id, operation, status, code, created_at, completed_at) select unnest($1::text[]), $2, 'attachOffer', 'SUCCEEDED', null, $3, $3",
    [ids, REQUESTER, at],
  );
  return ids;
}

async function addKeys(count: number, at: Date): Promise<string[]> {
  const keys = Array.from({ length: count }, () => `k-${randomUUID()}`);
  await sql.query(
    "insert into idempotency_keys (requester_id, key, operation, input_hash, outcome, created_at) select $1, unnest($2::text[]), 'attachOffer', 'h', '{}', $3",
    [REQUESTER, keys, at],
  );
  return keys;
}

const requestIds = async () => new Set((await sql.query("select id from requests")).rows.map((r) => r.id as string));
const keyNames = async () => new Set((await sql.query("select key from idempotency_keys")).rows.map((r) => r.key as string));

describe("retention on PostgreSQL", () => {
  it("deletes old Requests and keys in batches of the batch size, and keeps the fresh ones and those at the cut-off", async () => {
    await addRequests(1234, ago(31 * DAY));
    const fresh = await addRequests(10, ago(HOUR));
    const atCutoff = await addRequests(1, ago(30 * DAY));
    await addKeys(1100, ago(49 * HOUR));
    const freshKeys = await addKeys(5, ago(48 * HOUR - 60_000));
    const purger = pgPurger(handle);
    const cutoffs = retentionCutoffs(CONFIG, NOW);
    const batches = [];
    for (let i = 0; i < 4; i++) batches.push(await purger.requestsBatch(cutoffs.requests, 500));
    expect(batches).toEqual([500, 500, 234, 0]);
    expect(await purgeWith(purger, CONFIG, { now: () => NOW, batchSize: 500 })).toEqual({ requests: 0, idempotencyKeys: 1100 });
    expect(await requestIds()).toEqual(new Set([...fresh, ...atCutoff]));
    expect(await keyNames()).toEqual(new Set(freshKeys));
  });

  it("finds the rows to delete through the index on their creation time", async () => {
    await addRequests(2000, ago(40 * DAY));
    await sql.query("analyze requests");
    const { rows } = await sql.query(
      "explain select id from requests where created_at < $1 order by created_at limit 500 for update skip locked",
      [ago(30 * DAY)],
    );
    const plan = rows.map((r) => r["QUERY PLAN"]).join("\n");
    expect(plan).toContain("requests_created_idx");
    expect(plan).not.toMatch(/Sort/);
  });

  it("lets two processes purge at once, each taking rows the other has not locked", async () => {
    await addRequests(3000, ago(40 * DAY));
    const other = await openMigratedPgDatabase(db.url);
    try {
      const counts = await Promise.all([
        purgeWith(pgPurger(handle), CONFIG, { now: () => NOW, batchSize: 200 }),
        purgeWith(pgPurger(other), CONFIG, { now: () => NOW, batchSize: 200 }),
      ]);
      expect(counts[0]!.requests + counts[1]!.requests).toBe(3000);
      expect((await requestIds()).size).toBe(0);
    } finally {
      await other.close();
    }
  });

  it("purges in the background at start, and stops once the pool is closed", async () => {
    await addRequests(700, ago(40 * DAY, new Date()));
    await addKeys(3, ago(50 * HOUR, new Date()));
    const own = await openMigratedPgDatabase(db.url);
    const log = { info: vi.fn(), error: vi.fn() };
    const retention = startPurging(pgPurger(own), CONFIG, log, { intervalMs: 60_000 });
    try {
      await retention.idle();
      expect(log.info).toHaveBeenCalledWith({ purged: { requests: 700, idempotencyKeys: 3 } }, expect.any(String));
      expect((await requestIds()).size).toBe(0);
    } finally {
      retention.stop();
      await own.close();
    }
    expect(pgPurger(own).closed()).toBe(true);
    expect(log.error).not.toHaveBeenCalled();
  });
});
