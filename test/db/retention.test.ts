/**
 * Retention (README "Storage"): Requests and idempotency keys are deleted once past their
 * retention, in batches through an index, with the event loop running between batches; the
 * rows still inside their retention are kept.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setImmediate as nextTurn } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../src/config";
import { migrateDatabase, openDatabase, type DbHandle } from "../../src/db/sqlite/connection";
import {
  purgeExpired,
  purgeIdempotencyKeysBatch,
  purgeRequestsBatch,
  retentionCutoffs,
  startRetention,
} from "../../src/db/sqlite/retention";
import { loadWorldInto } from "../helpers/server";
import { C, testWorld } from "../helpers/world";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const NOW = new Date("2026-06-01T12:00:00.000Z");
const CONFIG = { requestRetentionDays: 30, idempotencyTtlHours: 48 };

let dir: string;
let handle: DbHandle;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "connectivity-retention-"));
  handle = openDatabase(join(dir, "r.db"));
  migrateDatabase(handle);
  loadWorldInto(handle, testWorld());
});
afterEach(() => {
  if (handle.sqlite.open) handle.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Inserts `count` Requests created at `at`; returns their ids. */
function addRequests(count: number, at: Date): string[] {
  const insert = handle.sqlite.prepare(
    "INSERT INTO requests (id, requester_id, operation, status, code, created_at, completed_at) VALUES (?, ?, 'attachOffer', 'SUCCEEDED', NULL, ?, ?)",
  );
  const ids = Array.from({ length: count }, () => randomUUID());
  handle.sqlite.transaction(() => {
    for (const id of ids) insert.run(id, C.RA, at.getTime(), at.getTime() + 5);
  })();
  return ids;
}

/** Inserts `count` idempotency keys created at `at`; returns the keys. */
function addKeys(count: number, at: Date): string[] {
  const insert = handle.sqlite.prepare(
    "INSERT INTO idempotency_keys (requester_id, key, operation, input_hash, outcome, created_at) VALUES (?, ?, 'attachOffer', 'h', '{}', ?)",
  );
  const keys = Array.from({ length: count }, () => `k-${randomUUID()}`);
  handle.sqlite.transaction(() => {
    for (const key of keys) insert.run(C.RA, key, at.getTime());
  })();
  return keys;
}

const requestIds = () => new Set(handle.sqlite.prepare("SELECT id FROM requests").pluck().all() as string[]);
const keyNames = () => new Set(handle.sqlite.prepare("SELECT key FROM idempotency_keys").pluck().all() as string[]);
const countKeys = () => handle.sqlite.prepare("SELECT count(*) FROM idempotency_keys").pluck().get() as number;
const ago = (ms: number) => new Date(NOW.getTime() - ms);

describe("retention purge", () => {
  it("deletes old Requests and idempotency keys in batches of the batch size, and keeps fresh ones", async () => {
    const baseline = requestIds();
    const oldRequests = addRequests(1234, ago(31 * DAY));
    const freshRequests = addRequests(10, ago(HOUR));
    const oldKeys = addKeys(1100, ago(49 * HOUR));
    const freshKeys = addKeys(5, ago(HOUR));
    const cutoffs = retentionCutoffs(CONFIG, NOW);

    // One statement deletes at most a batch.
    expect([1, 2, 3, 4].map(() => purgeRequestsBatch(handle, cutoffs.requests, 500))).toEqual([500, 500, 234, 0]);
    expect(purgeIdempotencyKeysBatch(handle, cutoffs.idempotencyKeys, 1000)).toBe(1000);

    // Again from the start, through the whole purge.
    addRequests(766, ago(40 * DAY));
    expect(await purgeExpired(handle, CONFIG, { now: () => NOW, batchSize: 500 })).toEqual({ requests: 766, idempotencyKeys: 100 });

    const requestsLeft = requestIds();
    for (const id of oldRequests) expect(requestsLeft.has(id)).toBe(false);
    expect(requestsLeft).toEqual(new Set([...baseline, ...freshRequests]));
    expect(keyNames()).toEqual(new Set(freshKeys));
    expect(oldKeys.some((key) => keyNames().has(key))).toBe(false);

    // Nothing more to do.
    expect(await purgeExpired(handle, CONFIG, { now: () => NOW, batchSize: 500 })).toEqual({ requests: 0, idempotencyKeys: 0 });
  });

  it("lets the event loop run between two batches", async () => {
    addRequests(1600, ago(60 * DAY));
    const old = () => handle.sqlite.prepare("SELECT count(*) FROM requests WHERE created_at < ?").pluck().get(ago(30 * DAY).getTime()) as number;
    let done = false;
    const purge = purgeExpired(handle, CONFIG, { now: () => NOW, batchSize: 500 }).then((counts) => {
      done = true;
      return counts;
    });
    // What other work sees between batches: the purge is part-way through.
    const seen: number[] = [];
    while (!done) {
      await nextTurn();
      if (!done) seen.push(old());
    }
    expect(await purge).toEqual({ requests: 1600, idempotencyKeys: 0 });
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen.filter((n) => n > 0 && n < 1600).length).toBeGreaterThan(0);
    expect(old()).toBe(0);
  });

  it("never deletes a Request or a key younger than its retention", async () => {
    const [keptRequest] = addRequests(1, ago(30 * DAY - MINUTE));
    const [atCutoff] = addRequests(1, ago(30 * DAY));
    const [expiredRequest] = addRequests(1, ago(30 * DAY + MINUTE));
    const [keptKey] = addKeys(1, ago(48 * HOUR - MINUTE));
    const [expiredKey] = addKeys(1, ago(48 * HOUR + MINUTE));

    expect(await purgeExpired(handle, CONFIG, { now: () => NOW })).toEqual({ requests: 1, idempotencyKeys: 1 });
    expect(requestIds().has(keptRequest!)).toBe(true);
    expect(requestIds().has(atCutoff!)).toBe(true);
    expect(requestIds().has(expiredRequest!)).toBe(false);
    expect(keyNames()).toEqual(new Set([keptKey]));
    expect(expiredKey).toBeDefined();
  });

  it("keeps a Request at least as long as the idempotency keys that may replay it", async () => {
    const config = { requestRetentionDays: 1, idempotencyTtlHours: 72 };
    const [twoDaysOld] = addRequests(1, ago(2 * DAY));
    const [fourDaysOld] = addRequests(1, ago(4 * DAY));
    expect(await purgeExpired(handle, config, { now: () => NOW })).toEqual({ requests: 1, idempotencyKeys: 0 });
    expect(requestIds().has(twoDaysOld!)).toBe(true);
    expect(requestIds().has(fourDaysOld!)).toBe(false);
  });

  it("finds the rows to delete through an index on their creation time, not a table scan", () => {
    const plan = (sql: string) =>
      (handle.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(0, 500) as { detail: string }[]).map((row) => row.detail).join("; ");
    const requests = plan("SELECT rowid FROM requests WHERE created_at < ? ORDER BY created_at LIMIT ?");
    expect(requests).toContain("requests_created_idx");
    expect(requests).not.toMatch(/TEMP B-TREE/);
    const keys = plan("SELECT rowid FROM idempotency_keys WHERE created_at < ? ORDER BY created_at LIMIT ?");
    expect(keys).toContain("idempotency_keys_created_idx");
    expect(keys).not.toMatch(/TEMP B-TREE/);
  });

  it("reads its retention from REQUEST_RETENTION_DAYS and IDEMPOTENCY_TTL_HOURS", () => {
    expect(loadConfig({})).toMatchObject({ requestRetentionDays: 30, idempotencyTtlHours: 48 });
    expect(loadConfig({ REQUEST_RETENTION_DAYS: "7", IDEMPOTENCY_TTL_HOURS: "24" })).toMatchObject({
      requestRetentionDays: 7,
      idempotencyTtlHours: 24,
    });
    expect(() => loadConfig({ REQUEST_RETENTION_DAYS: "0" })).toThrow(/REQUEST_RETENTION_DAYS/);
    expect(() => loadConfig({ REQUEST_RETENTION_DAYS: "a month" })).toThrow(/REQUEST_RETENTION_DAYS/);
  });
});

describe("startRetention", () => {
  const logger = () => ({ info: vi.fn(), error: vi.fn() });

  it("purges at start, then at every interval, until stopped", async () => {
    const log = logger();
    const old = () => handle.sqlite.prepare("SELECT count(*) FROM requests WHERE created_at < ?").pluck().get(Date.now() - 31 * DAY) as number;
    addRequests(700, new Date(Date.now() - 40 * DAY));
    addKeys(3, new Date(Date.now() - 50 * HOUR));
    const retention = startRetention(handle, CONFIG, log, { intervalMs: 30, batchSize: 500 });
    try {
      await retention.idle();
      expect(old()).toBe(0);
      expect(countKeys()).toBe(0);
      expect(log.info).toHaveBeenCalledWith({ purged: { requests: 700, idempotencyKeys: 3 } }, expect.any(String));

      // Rows that expire later are purged at a later interval.
      addRequests(20, new Date(Date.now() - 40 * DAY));
      await vi.waitFor(() => expect(old()).toBe(0), { timeout: 5_000, interval: 10 });
    } finally {
      retention.stop();
    }
    await retention.idle();
    addRequests(20, new Date(Date.now() - 40 * DAY));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(old()).toBe(20);
    expect(log.error).not.toHaveBeenCalled();
  });

  it("logs a failed purge and tries again at the next interval", async () => {
    const log = logger();
    addRequests(5, new Date(Date.now() - 40 * DAY));
    handle.sqlite.exec("ALTER TABLE idempotency_keys RENAME TO idempotency_keys_away");
    const retention = startRetention(handle, CONFIG, log, { intervalMs: 30 });
    try {
      await retention.idle();
      expect(log.error).toHaveBeenCalledTimes(1);
      handle.sqlite.exec("ALTER TABLE idempotency_keys_away RENAME TO idempotency_keys");
      await vi.waitFor(() => expect(log.info).toHaveBeenCalledWith({ purged: { requests: 5, idempotencyKeys: 0 } }, expect.any(String)), {
        timeout: 5_000,
        interval: 10,
      });
    } finally {
      retention.stop();
    }
  });

  it("stops a purge under way before its next batch", async () => {
    const log = logger();
    addRequests(2000, new Date(Date.now() - 40 * DAY));
    const retention = startRetention(handle, CONFIG, log, { batchSize: 500 });
    await nextTurn();
    retention.stop();
    await retention.idle();
    const left = handle.sqlite.prepare("SELECT count(*) FROM requests WHERE created_at < ?").pluck().get(Date.now() - 31 * DAY) as number;
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(2000);
    // Closing the database afterwards (shutdown) logs no failure.
    handle.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(log.error).not.toHaveBeenCalled();
  });
});
