/**
 * Concurrency: clients replace, attach and detach packages and attach and
 * detach offers on overlapping subscribers at once, through two server processes sharing one
 * SQLite file, then one PostgreSQL database (scripts/concurrency.ts, small bounded counts).
 * Afterwards every subscriber has at most one package and exactly its offers, every Request is
 * SUCCEEDED or FAILED, the Requests are exactly those the clients were answered, and no answer
 * leaked the database or a lock; on PostgreSQL no call or item is refused for a deadlock.
 */
import Database from "better-sqlite3";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Client } from "pg";
import { describe, expect, it } from "vitest";
import { printConcurrency, runConcurrency, type ConcurrencyFigures } from "../../scripts/concurrency";
import { checkInvariants } from "../../scripts/lib/invariants";
import { scratchDatabase } from "../../scripts/lib/scratch-database";
import { startServerProcess } from "../../scripts/lib/server-process";
import { dbLoad, LC, LO, loadWorld, LP } from "../../scripts/lib/worlds";

/** The database after a run: sound, each subscriber with one package and exactly its offers, no Request IN_PROGRESS. */
function expectInvariants(figures: ConcurrencyFigures) {
    expect(figures.invariants.violations).toEqual([]);
    expect(figures.invariants.integrity).toBe("ok");
    expect(figures.invariants.foreignKeyProblems).toBe(0);
    expect(figures.invariants.counts.requestsByStatus.IN_PROGRESS ?? 0).toBe(0);
    expect(figures.invariants.counts.requests).toBeGreaterThan(0);
}

describe("two server processes on one database file, concurrent writers", () => {
  let figures: ConcurrencyFigures;

  it("runs 6 clients x 60 operations on 120 overlapping subscribers", async () => {
    figures = await runConcurrency({ processes: 2, clients: 6, iterationsPerClient: 60, subscribers: 120, seed: 5 });
    printConcurrency(figures, (line) => console.log(line));
    expect(figures.logicalOperations).toBe(360);
  }, 110_000);

  it("keeps every invariant: integrity, one package with exactly its offers, no Request IN_PROGRESS", () => {
    expectInvariants(figures);
  });

  it("answers every call with a well-formed GraphQL answer that never mentions SQLite or a lock", () => {
    expect(figures.malformedSamples).toEqual([]);
    expect(figures.malformed).toBe(0);
    expect(figures.leaks).toBe(0);
    // The only way a busy database may show: ServiceUnavailable, counted, not an error.
    expect(figures.serviceUnavailable).toBeGreaterThanOrEqual(0);
  });

  it("loses and invents no write: the SUCCEEDED Requests are exactly the requestIds answered", () => {
    const l = figures.requestLedger;
    expect(l.missingInDb).toBe(0);
    expect(l.unseenInDb).toBe(0);
    expect(l.succeededInDb).toBe(l.succeededSeen);
    expect(l.failedInDb).toBeGreaterThanOrEqual(l.failedExpected);
    expect(l.failedInDb).toBeLessThanOrEqual(l.failedExpected + l.callLevelServiceUnavailable);
  });

  it("replays an idempotency key with the first answer, across processes and at the same time", () => {
    expect(figures.idempotency.mismatchSamples).toEqual([]);
    expect(figures.idempotency.sequentialRetries).toBeGreaterThan(0);
    expect(figures.idempotency.concurrentDuplicates).toBeGreaterThan(0);
    expect(figures.byOperation.bulkReplacePackage?.answers.IdempotencyKeyReused ?? 0).toBeGreaterThanOrEqual(0);
  });

  it("really ran both processes, in conflict: mismatches and successes on the same subscribers", () => {
    expect(figures.callsPerProcess).toHaveLength(2);
    for (const calls of figures.callsPerProcess) expect(calls).toBeGreaterThan(50);
    expect(figures.bulkItems.succeeded).toBeGreaterThan(0);
    expect(figures.bulkItems.failed.CurrentPackageMismatch ?? 0).toBeGreaterThan(0);
    expect(figures.byOperation.attachOffer?.answers.AttachOfferSuccess ?? 0).toBeGreaterThan(0);
    expect(figures.byOperation.detachOffer?.answers.DetachOfferSuccess ?? 0).toBeGreaterThan(0);
    expect((figures.byOperation.attachPackage?.answers.AttachPackageSuccess ?? 0) + (figures.byOperation.detachPackage?.answers.DetachPackageSuccess ?? 0)).toBeGreaterThan(0);
    expect(figures.overlap.subscribersWrittenThroughSeveralProcesses).toBeGreaterThan(10);
  });

  it("stops both processes with SIGTERM, exit code 0 (the shutdown itself: shutdown.test.ts)", () => {
    expect(figures.exits.map((e) => [e.code, e.signal])).toEqual([
      [0, null],
      [0, null],
    ]);
    expect(figures.problems).toEqual([]);
  });
});

describe("two server processes with no busy timeout at all (SQLITE_BUSY_TIMEOUT_MS=0)", () => {
  it("shows lock contention only as ServiceUnavailable, never as an error or a leak, and changes nothing it refused", async () => {
    const f = await runConcurrency({ processes: 2, clients: 4, iterationsPerClient: 40, subscribers: 80, seed: 3, busyTimeoutMs: 0 });
    printConcurrency(f, (line) => console.log(line));
    // Writers collide at once: some calls must have been refused for it.
    expect(f.serviceUnavailable).toBeGreaterThan(0);
    expect(f.malformedSamples).toEqual([]);
    expect(f.leaks).toBe(0);
    expect(f.invariants.violations).toEqual([]);
    expect(f.requestLedger.missingInDb).toBe(0);
    expect(f.requestLedger.unseenInDb).toBe(0);
    expect(f.idempotency.mismatchSamples).toEqual([]);
    expect(f.problems).toEqual([]);
  }, 90_000);
});

describe("two server processes started at the same moment on a new file", () => {
  it("both start: the migrations and the demo world are applied once", async () => {
    const demo = JSON.parse(readFileSync(resolve(__dirname, "../../examples/demo-world.json"), "utf8")) as { customers: unknown[] };
    for (let round = 0; round < 3; round++) {
      const dir = mkdtempSync(join(tmpdir(), "connectivity-start-race-"));
      try {
        const env = { DATABASE_PATH: join(dir, "new.db"), NODE_ENV: "" };
        const [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
        const loaded = [a, b].filter((s) => s.output().includes("Loaded the demo world")).length;
        const exits = await Promise.all([a.stop("SIGTERM"), b.stop("SIGTERM")]);
        expect(exits.map((e) => e.code)).toEqual([0, 0]);
        expect(loaded).toBe(1);
        const db = new Database(env.DATABASE_PATH, { readonly: true });
        try {
          expect(db.prepare("select count(*) from customers").pluck().get()).toBe(demo.customers.length);
        } finally {
          db.close();
        }
        expect((await checkInvariants(env.DATABASE_PATH)).violations).toEqual([]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }, 90_000);
});

describe("two server processes on one PostgreSQL database, concurrent writers", () => {
  let figures: ConcurrencyFigures;

  it("runs 6 clients x 60 operations on 120 overlapping subscribers", async () => {
    figures = await runConcurrency({ engine: "pg", processes: 2, clients: 6, iterationsPerClient: 60, subscribers: 120, seed: 5 });
    printConcurrency(figures, (line) => console.log(line));
    expect(figures.logicalOperations).toBe(360);
  }, 110_000);

  it("keeps every invariant: every index sound, one package with exactly its offers, no Request IN_PROGRESS", () => {
    expectInvariants(figures);
  });

  it("answers every call well-formed, never naming the database or a lock, and refuses nothing for a deadlock", () => {
    expect(figures.malformedSamples).toEqual([]);
    expect(figures.malformed).toBe(0);
    expect(figures.leaks).toBe(0);
    // Crossing bulks lock their subscribers in one order: PostgreSQL has no deadlock to break,
    // so no call and no item answers ServiceUnavailable.
    expect(figures.databaseDeadlocks).toBe(0);
    expect(figures.serviceUnavailable).toBe(0);
    expect(figures.serverFaultLogs).toBe(0);
  });

  it("loses and invents no write, and replays an idempotency key with the first answer across processes", () => {
    const l = figures.requestLedger;
    expect(l.missingInDb).toBe(0);
    expect(l.unseenInDb).toBe(0);
    expect(l.succeededInDb).toBe(l.succeededSeen);
    expect(l.failedInDb).toBe(l.failedExpected);
    expect(figures.idempotency.mismatchSamples).toEqual([]);
    expect(figures.idempotency.sequentialRetries).toBeGreaterThan(0);
    expect(figures.idempotency.concurrentDuplicates).toBeGreaterThan(0);
  });

  it("really ran both processes, in conflict, and stopped both with SIGTERM", () => {
    for (const calls of figures.callsPerProcess) expect(calls).toBeGreaterThan(50);
    expect(figures.bulkItems.succeeded).toBeGreaterThan(0);
    expect(figures.bulkItems.failed.CurrentPackageMismatch ?? 0).toBeGreaterThan(0);
    expect(figures.byOperation.attachOffer?.answers.AttachOfferSuccess ?? 0).toBeGreaterThan(0);
    expect(figures.overlap.subscribersWrittenThroughSeveralProcesses).toBeGreaterThan(10);
    expect(figures.exits.map((e) => [e.code, e.signal])).toEqual([
      [0, null],
      [0, null],
    ]);
    expect(figures.problems).toEqual([]);
  });
});

describe("the invariant checker itself", () => {
  it("passes a loaded world and names each kind of damage", async () => {
    const dir = mkdtempSync(join(tmpdir(), "connectivity-invariants-"));
    try {
      const dbPath = join(dir, "damaged.db");
      const world = loadWorld({ subscribers: 6, resellerSubscribers: 1 });
      await dbLoad(dbPath, world.json);
      expect(await checkInvariants(dbPath)).toMatchObject({ ok: true, integrity: "ok", violationCount: 0 });

      const [s1, s2, s3, s4] = world.subscribers.map((s) => s.id);
      const db = new Database(dbPath);
      try {
        // s1 loses one of P1's offers; s2 gets P3 in its column but keeps P1's offers; s3 gets an
        // offer "from" P2 too; s4 has its priorities swapped; a Request stays IN_PROGRESS.
        db.prepare("delete from subscriber_offers where rowid = (select min(rowid) from subscriber_offers where subscriber_id = ?)").run(s1);
        db.prepare("update subscribers set package_id = ? where id = ?").run(LP.P3, s2);
        db.prepare("insert into subscriber_offers (id, subscriber_id, offer_id, priority, package_id, is_pool, attached_at, attached_by_id) values (?, ?, ?, 9, ?, 0, 0, ?)").run(
          "99999999-0000-4000-8000-000000000001",
          s3,
          LO.O3,
          LP.P2,
          LC.R,
        );
        db.prepare("update subscriber_offers set priority = 3 - priority where subscriber_id = ?").run(s4);
        db.prepare("insert into requests (id, requester_id, operation, status, code, created_at, completed_at) values (?, ?, 'bulkReplacePackage', 'IN_PROGRESS', null, 0, null)").run(
          "99999999-0000-4000-8000-000000000002",
          LC.R,
        );
      } finally {
        db.close();
      }
      const report = await checkInvariants(dbPath);
      expect(report.ok).toBe(false);
      const text = report.violations.join("\n");
      expect(text).toContain(`subscriber ${s1} (package ${LP.P1}) has package offers`);
      expect(text).toContain(`subscriber ${s2} (package ${LP.P3}) holds offers of other packages`);
      expect(text).toContain(`subscriber ${s3} (package ${LP.P1}) holds offers of other packages`);
      expect(text).toContain(`subscriber ${s4} (package ${LP.P1}) has package offers`);
      expect(text).toContain("1 requests are IN_PROGRESS");
      expect(text).toContain("1 requests have no completedAt");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it("passes a loaded PostgreSQL database and names each kind of damage", async () => {
    const database = await scratchDatabase("pg", "invariants");
    try {
      const world = loadWorld({ subscribers: 6, resellerSubscribers: 1 });
      await dbLoad(database.location, world.json, database.dir);
      expect(await checkInvariants(database.location)).toMatchObject({ ok: true, integrity: "ok", foreignKeyProblems: 0, violationCount: 0 });

      const [s1, s2, s3, s4] = world.subscribers.map((s) => s.id);
      const db = new Client({ connectionString: database.location });
      await db.connect();
      try {
        // The same damage as on SQLite: s1 loses one of P1's offers; s2 gets P3 in its column
        // but keeps P1's offers; s3 gets an offer "from" P2 too; s4 has its priorities swapped;
        // a Request stays IN_PROGRESS.
        await db.query("delete from subscriber_offers where id = (select min(id) from subscriber_offers where subscriber_id = $1)", [s1]);
        await db.query("update subscribers set package_id = $1 where id = $2", [LP.P3, s2]);
        await db.query(
          "insert into subscriber_offers (id, subscriber_id, offer_id, priority, package_id, is_pool, attached_at, attached_by_id) values ($1, $2, $3, 9, $4, false, to_timestamp(0), $5)",
          ["99999999-0000-4000-8000-000000000001", s3, LO.O3, LP.P2, LC.R],
        );
        await db.query("update subscriber_offers set priority = 3 - priority where subscriber_id = $1", [s4]);
        await db.query(
          "insert into requests (id, requester_id, operation, status, code, created_at, completed_at) values ($1, $2, 'bulkReplacePackage', 'IN_PROGRESS', null, to_timestamp(0), null)",
          ["99999999-0000-4000-8000-000000000002", LC.R],
        );
      } finally {
        await db.end();
      }
      const report = await checkInvariants(database.location);
      expect(report.ok).toBe(false);
      expect(report.integrity).toBe("ok");
      const text = report.violations.join("\n");
      expect(text).toContain(`subscriber ${s1} (package ${LP.P1}) has package offers`);
      expect(text).toContain(`subscriber ${s2} (package ${LP.P3}) holds offers of other packages`);
      expect(text).toContain(`subscriber ${s3} (package ${LP.P1}) holds offers of other packages`);
      expect(text).toContain(`subscriber ${s4} (package ${LP.P1}) has package offers`);
      expect(text).toContain("1 requests are IN_PROGRESS");
      expect(text).toContain("1 requests have no completedAt");
    } finally {
      await database.drop();
    }
  }, 30_000);
});
