/**
 * The PostgreSQL schema: its migrations apply on an empty database (twice, and from two
 * processes at once), are exactly what drizzle-kit makes of src/db/pg/schema.ts, and every
 * constraint the database enforces (README "Storage") refuses a bad row. Connections start
 * with the documented timeouts.
 */
import { execFileSync } from "node:child_process";
import { cpSync, readdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migratePgDatabase, openMigratedPgDatabase, openPgDatabase, type PgHandle } from "../../../src/db/pg/connection";
import { freshDatabase, type FreshDatabase } from "./fresh-database";

const ROOT = resolve(__dirname, "../../..");

const id = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
const ROOT_ID = id(1);
const CHILD_ID = id(2);
const OTHER_CHILD_ID = id(3);
const OFFER_ID = id(10);
const POOL_OFFER_ID = id(11);
const PACKAGE_ID = id(20);
const SUBSCRIBER_ID = id(30);
const CONFIG_ID = id(40);
const AT = "2024-01-01T00:00:00Z";

let db: FreshDatabase;
let handle: PgHandle;

const run = (text: string, values: unknown[] = []) => handle.pool.query(text, values);

/** The SQLSTATE a statement fails with, or "ok". */
async function outcome(text: string, values: unknown[] = []): Promise<string> {
  try {
    await run(text, values);
    return "ok";
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

const FK = "23503";
const UNIQUE = "23505";
const CHECK = "23514";

beforeAll(async () => {
  db = await freshDatabase();
  handle = await openMigratedPgDatabase(db.url);
  await run(`insert into customers (id, parent_id, path, name, created_at) values
    ($1, null, $4, 'Root', $7), ($2, $1, $5, 'Child', $7), ($3, $1, $6, 'Other child', $7)`, [
    ROOT_ID, CHILD_ID, OTHER_CHILD_ID, `/${ROOT_ID}/`, `/${ROOT_ID}/${CHILD_ID}/`, `/${ROOT_ID}/${OTHER_CHILD_ID}/`, AT,
  ]);
  await run(`insert into offers (id, owner_id, name, kind, pool_customer_id, created_at) values
    ($1, $3, 'Regular', 'REGULAR', null, $5), ($2, $3, 'Pool', 'POOL', $4, $5)`, [OFFER_ID, POOL_OFFER_ID, ROOT_ID, CHILD_ID, AT]);
  await run(`insert into packages (id, owner_id, name, name_key, eligible_all, created_at, updated_at) values ($1, $2, 'Travel', 'travel', true, $3, $3)`, [PACKAGE_ID, ROOT_ID, AT]);
  await run(`insert into package_offers (package_id, offer_id, position) values ($1, $2, 0)`, [PACKAGE_ID, OFFER_ID]);
  await run(`insert into subscribers (id, customer_id, imsi, iccid, msisdn, imei, imeisv, created_at) values
    ($1, $2, '222013016995778', '8944500102198304826', '447700900123', '490154203237518', '3520990017614823', $3)`, [SUBSCRIBER_ID, CHILD_ID, AT]);
  await run(`insert into external_param_configs (id, owner_id, name, entity_type, is_searchable, created_at) values ($1, $2, 'crm', 'CUSTOMER', true, $3)`, [CONFIG_ID, ROOT_ID, AT]);
}, 60_000);

afterAll(async () => {
  await Promise.race([handle?.close().catch(() => undefined), sleep(2000)]);
  await db?.drop();
});

describe("PostgreSQL migrations", () => {
  it("create every table and index on an empty database, and apply again as a no-op", async () => {
    await migratePgDatabase(handle);
    const tables = (await run("select tablename from pg_tables where schemaname = 'public' order by tablename")).rows.map((r) => r.tablename);
    expect(tables).toEqual([
      "api_keys", "customers", "external_param_configs", "external_param_values", "idempotency_keys", "offers",
      "package_eligible_customers", "package_offers", "packages", "requests", "subscriber_offers", "subscribers",
    ]);
    const indexes = (await run("select indexname from pg_indexes where schemaname = 'public'")).rows.map((r) => r.indexname);
    expect(indexes).toEqual(
      expect.arrayContaining([
        "customers_parent_created_idx", "subscribers_customer_created_idx", "offers_owner_created_idx", "packages_owner_created_idx",
        "requests_requester_created_idx", "api_keys_customer_created_idx", "external_param_configs_owner_type_created_idx",
        "subscribers_imei_key_unique", "subscriber_offers_one_pool_instance", "packages_owner_name_unique", "requests_created_idx",
        "idempotency_keys_created_idx",
      ]),
    );
    const applied = await run("select count(*)::int as n from drizzle.__drizzle_migrations");
    expect(applied.rows[0].n).toBe(readdirSync(join(ROOT, "drizzle/pg")).filter((f) => f.endsWith(".sql")).length);
  });

  it("apply once when two processes start at once on an empty database", async () => {
    const empty = await freshDatabase();
    const first = openPgDatabase(empty.url);
    const second = openPgDatabase(empty.url);
    try {
      await Promise.all([migratePgDatabase(first), migratePgDatabase(second)]);
      const applied = await first.pool.query("select count(*)::int as n from drizzle.__drizzle_migrations");
      expect(applied.rows[0].n).toBe(readdirSync(join(ROOT, "drizzle/pg")).filter((f) => f.endsWith(".sql")).length);
    } finally {
      await first.close();
      await second.close();
      await empty.drop();
    }
  });

  it("in drizzle/pg/ match src/db/pg/schema.ts (run `npm run db:generate:pg` when this fails)", () => {
    // drizzle-kit takes its output folder relative to the project: use a git-ignored one.
    const out = join("test-output", `pg-migrations-check-${process.pid}`);
    try {
      cpSync(join(ROOT, "drizzle/pg"), join(ROOT, out), { recursive: true });
      const before = readdirSync(join(ROOT, out)).sort();
      const printed = execFileSync(
        process.execPath,
        [join(ROOT, "node_modules/drizzle-kit/bin.cjs"), "generate", "--dialect", "postgresql", "--schema", "src/db/pg/schema.ts", "--out", out],
        { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
      );
      expect(printed).toContain("No schema changes");
      expect(readdirSync(join(ROOT, out)).sort()).toEqual(before);
    } finally {
      rmSync(join(ROOT, out), { recursive: true, force: true });
    }
  }, 60_000);

  it("open connections with statement_timeout and idle_in_transaction_session_timeout set", async () => {
    const tuned = openPgDatabase(`${db.url}?options=${encodeURIComponent("-c lock_timeout=1234")}`, {
      statementTimeoutMs: 4321,
      idleInTransactionTimeoutMs: 5678,
    });
    try {
      const shown = await tuned.pool.query(
        "select current_setting('statement_timeout') as s, current_setting('idle_in_transaction_session_timeout') as i, current_setting('lock_timeout') as l",
      );
      expect(shown.rows[0]).toEqual({ s: "4321ms", i: "5678ms", l: "1234ms" });
    } finally {
      await tuned.close();
    }
    const defaults = await run("select current_setting('statement_timeout') as s, current_setting('idle_in_transaction_session_timeout') as i");
    expect(defaults.rows[0]).toEqual({ s: "30s", i: "1min" });
  });
});

describe("PostgreSQL constraints", () => {
  const subscriber = (n: number, columns: Record<string, string | null>) => {
    const names = Object.keys(columns);
    return outcome(
      `insert into subscribers (id, customer_id, created_at${names.map((c) => `, ${c}`).join("")}) values ($1, $2, $3${names.map((_, i) => `, $${i + 4}`).join("")})`,
      [id(1000 + n), CHILD_ID, AT, ...Object.values(columns)],
    );
  };

  it("refuse rows that name a row that does not exist (foreign keys)", async () => {
    expect(await outcome("insert into customers (id, parent_id, path, name, created_at) values ($1, $2, $3, 'Orphan', $4)", [id(100), id(999), `/${id(999)}/${id(100)}/`, AT])).toBe(FK);
    expect(await outcome("insert into api_keys (id, customer_id, key_hash, key_prefix, created_at) values ($1, $2, repeat('a', 64), 'a', $3)", [id(101), id(999), AT])).toBe(FK);
    expect(await outcome("insert into offers (id, owner_id, name, kind, created_at) values ($1, $2, 'x', 'REGULAR', $3)", [id(102), id(999), AT])).toBe(FK);
    expect(await outcome("insert into package_offers (package_id, offer_id, position) values ($1, $2, 1)", [PACKAGE_ID, id(999)])).toBe(FK);
    expect(await outcome("insert into package_eligible_customers (package_id, customer_id) values ($1, $2)", [PACKAGE_ID, id(999)])).toBe(FK);
    expect(await outcome("insert into subscribers (id, customer_id, imsi, created_at) values ($1, $2, '310150123456780', $3)", [id(103), id(999), AT])).toBe(FK);
    expect(await outcome("update subscribers set package_id = $1 where id = $2", [id(999), SUBSCRIBER_ID])).toBe(FK);
    expect(
      await outcome(
        "insert into subscriber_offers (id, subscriber_id, offer_id, is_pool, attached_at, attached_by_id) values ($1, $2, $3, false, $4, $5)",
        [id(104), id(999), OFFER_ID, AT, ROOT_ID],
      ),
    ).toBe(FK);
    expect(await outcome("insert into external_param_values (config_id, entity_id, value, updated_at) values ($1, $2, 'v', $3)", [id(999), CHILD_ID, AT])).toBe(FK);
    expect(await outcome("insert into requests (id, requester_id, operation, status, created_at) values ($1, $2, 'x', 'SUCCEEDED', $3)", [id(105), id(999), AT])).toBe(FK);
    expect(await outcome("insert into idempotency_keys (requester_id, key, operation, input_hash, outcome, created_at) values ($1, 'k', 'x', 'h', '{}', $2)", [id(999), AT])).toBe(FK);
    // A package attached to a subscriber, or an offer in a package, cannot be deleted from under it.
    expect(await outcome("delete from offers where id = $1", [OFFER_ID])).toBe(FK);
  });

  it("refuse a second subscriber with an identifier already taken, an IMEI in either of its forms", async () => {
    expect(await subscriber(2, { imsi: "222013016995778" })).toBe(UNIQUE);
    expect(await subscriber(3, { iccid: "8944500102198304826" })).toBe(UNIQUE);
    expect(await subscriber(4, { msisdn: "447700900123" })).toBe(UNIQUE);
    expect(await subscriber(5, { imeisv: "3520990017614823" })).toBe(UNIQUE);
    expect(await subscriber(6, { imei: "490154203237518" })).toBe(UNIQUE);
    // The 14-digit form of the same device: its imei_key is the same.
    expect(await subscriber(7, { imei: "49015420323751" })).toBe(UNIQUE);
    expect(await subscriber(8, { imei: "35209900176148" })).toBe("ok");
  });

  it("refuse a second package with the same name key for one owner, and allow it for another owner", async () => {
    expect(await outcome("insert into packages (id, owner_id, name, name_key, created_at, updated_at) values ($1, $2, ' TRAVEL ', 'travel', $3, $3)", [id(200), ROOT_ID, AT])).toBe(UNIQUE);
    expect(await outcome("insert into packages (id, owner_id, name, name_key, created_at, updated_at) values ($1, $2, 'Travel', 'travel', $3, $3)", [id(201), CHILD_ID, AT])).toBe("ok");
  });

  it("refuse other duplicates: ids, key hashes, config names, an offer twice in a package, a position twice, a key", async () => {
    expect(await outcome("insert into customers (id, parent_id, path, name, created_at) values ($1, $2, $3, 'Dup', $4)", [CHILD_ID, ROOT_ID, `/${ROOT_ID}/${CHILD_ID}/`, AT])).toBe(UNIQUE);
    expect(await outcome("insert into api_keys (id, customer_id, key_hash, key_prefix, created_at) values ($1, $2, repeat('b', 64), 'b', $3)", [id(301), ROOT_ID, AT])).toBe("ok");
    expect(await outcome("insert into api_keys (id, customer_id, key_hash, key_prefix, created_at) values ($1, $2, repeat('b', 64), 'b', $3)", [id(302), CHILD_ID, AT])).toBe(UNIQUE);
    expect(await outcome("insert into external_param_configs (id, owner_id, name, entity_type, is_searchable, created_at) values ($1, $2, 'crm', 'CUSTOMER', false, $3)", [id(303), ROOT_ID, AT])).toBe(UNIQUE);
    expect(await outcome("insert into external_param_configs (id, owner_id, name, entity_type, is_searchable, created_at) values ($1, $2, 'crm', 'SUBSCRIBER', false, $3)", [id(304), ROOT_ID, AT])).toBe("ok");
    expect(await outcome("insert into package_offers (package_id, offer_id, position) values ($1, $2, 5)", [PACKAGE_ID, OFFER_ID])).toBe(UNIQUE);
    expect(await outcome("insert into package_offers (package_id, offer_id, position) values ($1, $2, 0)", [PACKAGE_ID, POOL_OFFER_ID])).toBe(UNIQUE);
    expect(await outcome("insert into idempotency_keys (requester_id, key, operation, input_hash, outcome, created_at) values ($1, 'k', 'x', 'h', '{}', $2)", [ROOT_ID, AT])).toBe("ok");
    expect(await outcome("insert into idempotency_keys (requester_id, key, operation, input_hash, outcome, created_at) values ($1, 'k', 'x', 'h', '{}', $2)", [ROOT_ID, AT])).toBe(UNIQUE);
  });

  it("refuse a second instance of a pool plan on one subscriber, not of a regular plan", async () => {
    const attach = (n: number, offerId: string, isPool: boolean) =>
      outcome(
        "insert into subscriber_offers (id, subscriber_id, offer_id, is_pool, attached_at, attached_by_id) values ($1, $2, $3, $4, $5, $6)",
        [id(400 + n), SUBSCRIBER_ID, offerId, isPool, AT, ROOT_ID],
      );
    expect(await attach(1, POOL_OFFER_ID, true)).toBe("ok");
    expect(await attach(2, POOL_OFFER_ID, true)).toBe(UNIQUE);
    expect(await attach(3, OFFER_ID, false)).toBe("ok");
    expect(await attach(4, OFFER_ID, false)).toBe("ok");
  });

  it("refuse values outside their enum, blank names, malformed identifiers and inconsistent rows (checks)", async () => {
    const customer = (n: number, parent: string | null, path: string, name: string) =>
      outcome("insert into customers (id, parent_id, path, name, created_at) values ($1, $2, $3, $4, $5)", [id(n), parent, path, name, AT]);
    expect(await customer(500, ROOT_ID, `/${ROOT_ID}/${id(500)}/`, "   ")).toBe(CHECK);
    expect(await customer(501, ROOT_ID, `/${ROOT_ID}/${id(999)}/`, "Wrong path")).toBe(CHECK);
    expect(await customer(502, id(502), `/${id(502)}/`, "Own parent")).toBe(CHECK);
    expect(await outcome("insert into api_keys (id, customer_id, key_hash, key_prefix, created_at) values ($1, $2, 'short', 's', $3)", [id(503), ROOT_ID, AT])).toBe(CHECK);
    const offer = (n: number, kind: string, pool: string | null, name = "Plan") =>
      outcome("insert into offers (id, owner_id, name, kind, pool_customer_id, created_at) values ($1, $2, $3, $4, $5, $6)", [id(n), ROOT_ID, name, kind, pool, AT]);
    expect(await offer(504, "FREE", null)).toBe(CHECK);
    expect(await offer(505, "POOL", null)).toBe(CHECK);
    expect(await offer(506, "REGULAR", CHILD_ID)).toBe(CHECK);
    expect(await offer(507, "REGULAR", null, " ")).toBe(CHECK);
    expect(await outcome("insert into packages (id, owner_id, name, name_key, created_at, updated_at) values ($1, $2, ' ', '', $3, $3)", [id(508), ROOT_ID, AT])).toBe(CHECK);
    expect(await outcome("insert into package_offers (package_id, offer_id, position) values ($1, $2, -1)", [PACKAGE_ID, POOL_OFFER_ID])).toBe(CHECK);
    expect(await subscriber(10, {})).toBe(CHECK);
    expect(await subscriber(11, { imsi: "31015x123456789" })).toBe(CHECK);
    expect(await subscriber(12, { imsi: "12345" })).toBe(CHECK);
    expect(await subscriber(13, { iccid: "12345678901234567" })).toBe(CHECK);
    expect(await subscriber(14, { msisdn: "+447700900124" })).toBe(CHECK);
    expect(await subscriber(15, { imei: "1234567890123" })).toBe(CHECK);
    expect(await subscriber(16, { imeisv: "123456789012345" })).toBe(CHECK);
    expect(
      await outcome(
        "insert into subscriber_offers (id, subscriber_id, offer_id, priority, is_pool, attached_at, attached_by_id) values ($1, $2, $3, -1, false, $4, $5)",
        [id(509), SUBSCRIBER_ID, OFFER_ID, AT, ROOT_ID],
      ),
    ).toBe(CHECK);
    expect(await outcome("insert into external_param_configs (id, owner_id, name, entity_type, is_searchable, created_at) values ($1, $2, 'x', 'PLANET', true, $3)", [id(510), ROOT_ID, AT])).toBe(CHECK);
    expect(await outcome("insert into external_param_configs (id, owner_id, name, entity_type, is_searchable, created_at) values ($1, $2, ' ', 'OFFER', true, $3)", [id(511), ROOT_ID, AT])).toBe(CHECK);
    const request = (n: number, status: string, code: string | null) =>
      outcome("insert into requests (id, requester_id, operation, status, code, created_at) values ($1, $2, 'x', $3, $4, $5)", [id(n), ROOT_ID, status, code, AT]);
    expect(await request(512, "DONE", null)).toBe(CHECK);
    expect(await request(513, "FAILED", null)).toBe(CHECK);
    expect(await request(514, "SUCCEEDED", "GLOBAL_1001")).toBe(CHECK);
    expect(await request(515, "FAILED", "GLOBAL_1001")).toBe("ok");
  });
});
