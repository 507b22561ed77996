/**
 * The key cache on PostgreSQL (key-cache.ts): a live key's customer is remembered while the
 * listening connection is up, and forgotten when a unit of work that revokes a key or changes a
 * customer commits, in every process (each has its own cache and its own listener); nothing is
 * remembered while the listening connection is down, and it comes back by itself.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { CustomerRow } from "../../../src/app/ports";
import { openMigratedPgDatabase, type PgHandle } from "../../../src/db/pg/connection";
import { rememberingKeyLookup, type KeyCache } from "../../../src/db/pg/key-cache";
import { findCustomerByApiKey } from "../../../src/db/pg/repositories/api-keys";
import { pgStorage } from "../../../src/db/pg/store";
import { loadWorld } from "../../../src/db/pg/world-loader";
import { checkWorld } from "../../../src/domain/world/world";
import { freshDatabase, type FreshDatabase } from "./fresh-database";

const DEMO = JSON.parse(readFileSync(resolve(__dirname, "../../../examples/demo-world.json"), "utf8"));
const ACME_KEY = "demo-acme-logistics-key-0005";
const HELIX_KEY = "demo-helix-medical-key-0008";
const acme = DEMO.customers.find((c: { apiKeys: string[] }) => c.apiKeys.includes(ACME_KEY));
const helix = DEMO.customers.find((c: { apiKeys: string[] }) => c.apiKeys.includes(HELIX_KEY));
const quiet = { info: () => undefined, warn: () => undefined };

let db: FreshDatabase;
let handle: PgHandle;
let admin: Client;

/** A cache over a lookup that counts how often it asks the database. */
function counted(on: PgHandle): { cache: KeyCache; asked: () => number } {
  let asked = 0;
  const cache = rememberingKeyLookup(
    on,
    (key): Promise<CustomerRow | undefined> => {
      asked++;
      return findCustomerByApiKey(on.db, key);
    },
    quiet,
  );
  return { cache, asked: () => asked };
}

const keyIdOf = async (customerId: string) =>
  (await admin.query("select id from api_keys where customer_id = $1 and revoked_at is null", [customerId])).rows[0].id as string;

beforeAll(async () => {
  db = await freshDatabase();
  handle = await openMigratedPgDatabase(db.url);
  const checked = checkWorld(DEMO);
  if (!checked.ok) throw new Error("demo world invalid");
  expect((await loadWorld(handle, checked.world)).ok).toBe(true);
  admin = new Client({ connectionString: db.url });
  await admin.connect();
}, 30_000);

afterAll(async () => {
  await admin?.end();
  await handle?.close();
  await db?.drop();
});

describe("the key cache on PostgreSQL", () => {
  it("asks the database once for a key used again, in each process, until a customer changes", async () => {
    const a = counted(handle);
    const b = counted(handle);
    await Promise.all([a.cache.started, b.cache.started]);
    try {
      expect(a.cache.listening()).toBe(true);
      for (let i = 0; i < 3; i++) expect((await a.cache.lookup(ACME_KEY))?.name).toBe("Acme Logistics");
      expect((await b.cache.lookup(ACME_KEY))?.name).toBe("Acme Logistics");
      expect([a.asked(), b.asked()]).toEqual([1, 1]);
      // Unknown keys are never remembered.
      await a.cache.lookup("no-such-key-000000000000");
      await a.cache.lookup("no-such-key-000000000000");
      expect(a.asked()).toBe(3);

      await pgStorage(handle).unitOfWork((store) => store.customers.update(acme.id, { name: "Acme renamed" }));
      for (const { cache } of [a, b]) {
        await vi.waitFor(async () => expect((await cache.lookup(ACME_KEY))?.name).toBe("Acme renamed"), { timeout: 1_000, interval: 10 });
      }
    } finally {
      await Promise.all([a.cache.close(), b.cache.close()]);
    }
  });

  it("forgets a revoked key in every process within a second, and keeps what a rolled-back unit did not change", async () => {
    const a = counted(handle);
    const b = counted(handle);
    await Promise.all([a.cache.started, b.cache.started]);
    try {
      expect(await a.cache.lookup(HELIX_KEY)).toBeDefined();
      expect(await b.cache.lookup(HELIX_KEY)).toBeDefined();
      const keyId = await keyIdOf(helix.id);

      // A unit that revokes the key and is then rolled back sends no notice: still remembered.
      await expect(
        pgStorage(handle).unitOfWork(async (store) => {
          await store.apiKeys.revoke(keyId, new Date());
          throw new Error("rolled back");
        }),
      ).rejects.toThrow("rolled back");
      await sleep(200);
      const asked = b.asked();
      expect(await b.cache.lookup(HELIX_KEY)).toBeDefined();
      expect(b.asked()).toBe(asked);

      const revokedAt = performance.now();
      await pgStorage(handle).unitOfWork((store) => store.apiKeys.revoke(keyId, new Date()));
      for (const { cache } of [a, b]) {
        await vi.waitFor(async () => expect(await cache.lookup(HELIX_KEY)).toBeUndefined(), { timeout: 1_000, interval: 10 });
      }
      expect(performance.now() - revokedAt).toBeLessThan(1_000);
    } finally {
      await Promise.all([a.cache.close(), b.cache.close()]);
    }
  });

  it("remembers nothing while its listening connection is lost, listens again by itself, and forgets on the next notice", async () => {
    const a = counted(handle);
    await a.cache.started;
    try {
      await a.cache.lookup(ACME_KEY);
      const listeners = await admin.query("select pid from pg_stat_activity where datname = current_database() and query ilike 'LISTEN%'");
      expect(listeners.rows.length).toBeGreaterThan(0);
      await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()");
      await vi.waitFor(() => expect(a.cache.listening()).toBe(false), { timeout: 1_000, interval: 5 });
      // Asked every time meanwhile (it waits 100 ms before listening again), never answered from memory.
      const before = a.asked();
      await a.cache.lookup(ACME_KEY);
      await a.cache.lookup(ACME_KEY);
      expect(a.cache.listening()).toBe(false);
      expect(a.asked()).toBe(before + 2);

      await vi.waitFor(() => expect(a.cache.listening()).toBe(true), { timeout: 3_000, interval: 10 });
      await a.cache.lookup(ACME_KEY);
      const remembered = a.asked();
      await a.cache.lookup(ACME_KEY);
      expect(a.asked()).toBe(remembered);
      await pgStorage(handle).unitOfWork((store) => store.customers.update(acme.id, { allowOfferDelegation: !acme.allowOfferDelegation }));
      await vi.waitFor(async () => expect((await a.cache.lookup(ACME_KEY))?.allowOfferDelegation).toBe(!acme.allowOfferDelegation), {
        timeout: 1_000,
        interval: 10,
      });
    } finally {
      await a.cache.close();
    }
  });
});
