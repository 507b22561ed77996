/**
 * `npm run db:load` with DATABASE_URL (SPEC section 6): the world goes into PostgreSQL, all or
 * nothing, checked by the same readers and reported at the same JSON paths as on SQLite; the
 * rows it writes are the rows the SQLite loader writes. Runs on a database of its own.
 */
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Client } from "pg";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runDbLoad } from "../../../src/cli/db-load";
import { openMigratedPgDatabase } from "../../../src/db/pg/connection";
import { loadWorld as loadPgWorld, loadWorldIfEmpty } from "../../../src/db/pg/world-loader";
import { migrateDatabase, openDatabase } from "../../../src/db/sqlite/connection";
import { loadWorld as loadSqliteWorld } from "../../../src/db/sqlite/world-loader";
import { checkWorld, type World } from "../../../src/domain/world/world";
import { freshDatabase, type FreshDatabase } from "./fresh-database";

const DEMO_FILE = resolve(__dirname, "../../../examples/demo-world.json");
type Json = any;
const demo = (): Json => JSON.parse(readFileSync(DEMO_FILE, "utf8"));
const checked = (json: unknown): World => {
  const result = checkWorld(json);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.world;
};

const TABLES = [
  "customers",
  "api_keys",
  "offers",
  "packages",
  "package_offers",
  "package_eligible_customers",
  "subscribers",
  "subscriber_offers",
  "external_param_configs",
  "external_param_values",
  "requests",
  "idempotency_keys",
];

let db: FreshDatabase;
let sql: Client;
let dir: string;

beforeAll(async () => {
  db = await freshDatabase();
  sql = new Client({ connectionString: db.url });
  await sql.connect();
}, 30_000);
afterAll(async () => {
  await sql?.end();
  await db?.drop();
});
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "pg-world-load-"));
  // Each test starts from an empty database (the tables, once made, are emptied).
  const { rows } = await sql.query("select to_regclass('public.customers') is not null as made");
  if (rows[0].made) await sql.query(`truncate ${TABLES.join(", ")}`);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function cli(file: string, env: NodeJS.ProcessEnv = { DATABASE_URL: db.url }) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runDbLoad(["node", "db-load.js", file], env, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

function writeWorld(json: unknown): string {
  const file = join(dir, "world.json");
  writeFileSync(file, JSON.stringify(json, null, 2));
  return file;
}

/** Every table's rows, in a fixed order: equal digests mean nothing changed. */
async function digest(): Promise<string> {
  const parts: string[] = [];
  for (const table of TABLES) {
    const { rows } = await sql.query(`select coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as h, count(*) as n from ${table} t`);
    parts.push(`${table}:${rows[0].n}:${rows[0].h}`);
  }
  return parts.join("\n");
}

const count = async (table: string) => Number((await sql.query(`select count(*) as n from ${table}`)).rows[0].n);

describe("npm run db:load into PostgreSQL", () => {
  it("loads the demo world, every count printed and stored, and names the database without its password", async () => {
    const url = new URL(db.url);
    url.password = "not-needed-with-trust";
    const { code, out, err } = await cli(DEMO_FILE, { DATABASE_URL: url.toString() });
    expect({ code, err }).toEqual({ code: 0, err: [] });
    const shown = new URL(url);
    shown.password = "***";
    expect(out[0]).toBe(`loaded ${DEMO_FILE} into ${shown.toString()}`);
    expect(out.join("\n")).not.toContain("not-needed-with-trust");
    expect(out).toContain("  customers: 12");
    expect(out).toContain("  subscriberOffers: 29");
    const expected = {
      customers: 12,
      api_keys: 12,
      offers: 19,
      packages: 9,
      package_offers: 17,
      package_eligible_customers: 6,
      subscribers: 30,
      subscriber_offers: 29,
      external_param_configs: 12,
      external_param_values: 30,
      requests: 0,
    };
    for (const [table, n] of Object.entries(expected)) expect([table, await count(table)]).toEqual([table, n]);
  });

  it("writes the rows the SQLite loader writes (ids the loaders make aside)", async () => {
    const world = checked(demo());
    const now = new Date("2024-05-01T00:00:00.000Z");
    const handle = await openMigratedPgDatabase(db.url, { maxConnections: 2 });
    const sqlite = openDatabase(":memory:");
    try {
      expect(await loadPgWorld(handle, world, { now })).toEqual(loadSqliteWorld((migrateDatabase(sqlite), sqlite), world, { now }));
      const same = async (pgQuery: string, sqliteQuery: string, fix: (row: Json) => Json = (r) => r) => {
        const fromPg = (await sql.query(pgQuery)).rows.map(fix);
        const fromSqlite = (sqlite.sqlite.prepare(sqliteQuery).all() as Json[]).map(fix);
        expect(fromPg.length).toBeGreaterThan(0);
        expect(fromPg).toEqual(fromSqlite);
      };
      const ms = (row: Json) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.getTime() : typeof v === "boolean" ? Number(v) : v]));
      await same("select id, parent_id, path, name, allow_offer_delegation, created_at from customers order by id", "select id, parent_id, path, name, allow_offer_delegation, created_at from customers order by id", ms);
      await same("select customer_id, key_hash, key_prefix, label, created_at, revoked_at from api_keys order by key_hash", "select customer_id, key_hash, key_prefix, label, created_at, revoked_at from api_keys order by key_hash", ms);
      await same("select * from offers order by id", "select * from offers order by id", ms);
      await same("select * from packages order by id", "select * from packages order by id", ms);
      await same("select * from package_offers order by package_id, position", "select * from package_offers order by package_id, position");
      await same("select * from package_eligible_customers order by package_id, customer_id", "select * from package_eligible_customers order by package_id, customer_id");
      await same("select id, customer_id, imsi, iccid, msisdn, imei, imei_key, imeisv, package_id, created_at from subscribers order by id", "select id, customer_id, imsi, iccid, msisdn, imei, imei_key, imeisv, package_id, created_at from subscribers order by id", ms);
      await same(
        "select subscriber_id, offer_id, priority, package_id, is_pool, attached_at, attached_by_id from subscriber_offers order by subscriber_id, priority",
        "select subscriber_id, offer_id, priority, package_id, is_pool, attached_at, attached_by_id from subscriber_offers order by subscriber_id, priority",
        ms,
      );
      await same("select * from external_param_configs order by id", "select * from external_param_configs order by id", ms);
      await same("select * from external_param_values order by config_id, entity_id", "select * from external_param_values order by config_id, entity_id", ms);
    } finally {
      sqlite.close();
      await handle.close();
    }
  });

  it("refuses a bad file at its JSON paths, exits 1 and creates nothing, not even the tables", async () => {
    await sql.query("drop schema public cascade; create schema public; drop schema if exists drizzle cascade");
    const w = demo();
    w.subscribers[6].imsi = w.subscribers[0].imsi;
    w.externalParamConfigs[0].name = "1st";
    const file = writeWorld(w);
    const { code, out, err } = await cli(file);
    expect({ code, out }).toEqual({ code: 1, out: [] });
    expect(err.map((line) => line.split(": ")[0])).toEqual(["$.subscribers[6].imsi", "$.externalParamConfigs[0].name", file]);
    expect(err).toContain("$.externalParamConfigs[0].name: must start with a letter and hold only letters, digits, _ . -");
    expect(err.at(-1)).toBe(`${file}: 2 problems; nothing was loaded`);
    const { rows } = await sql.query("select count(*) as n from information_schema.tables where table_schema in ('public', 'drizzle')");
    expect(Number(rows[0].n)).toBe(0);
  });

  it("refuses a file that clashes with the rows stored, at each path, and leaves them as they were", async () => {
    expect((await cli(DEMO_FILE)).code).toBe(0);
    const before = await digest();
    const { code, out, err } = await cli(writeWorld(demo()));
    expect({ code, out }).toEqual({ code: 1, out: [] });
    expect(err).toContain("$.customers[0].id: conflicts with data already in the database: a customer with this id exists");
    expect(err).toContain("$.subscribers[0].imsi: conflicts with data already in the database: another subscriber has this IMSI");
    expect(err).toContain("$.customers[0].apiKeys[0]: conflicts with data already in the database: this API key is already in use");
    expect(await digest()).toBe(before);
  });

  it("names the entity a row the database refuses at insert comes from, and writes nothing", async () => {
    // A rule the checks before the insert do not know of, standing for a row another process
    // stored in between: the database refuses one subscriber, deep in a many-row statement.
    const handle = await openMigratedPgDatabase(db.url, { maxConnections: 1 });
    await handle.close();
    const w = demo();
    const victim = 17;
    await sql.query(`
      create function refuse_one() returns trigger language plpgsql as $$
      begin
        if new.id = '${w.subscribers[victim].id}' then raise exception 'refused' using errcode = '23514'; end if;
        return new;
      end $$;
      create trigger refuse_one before insert on subscribers for each row execute function refuse_one();`);
    try {
      const before = await digest();
      const { code, out, err } = await cli(writeWorld(w));
      expect({ code, out }).toEqual({ code: 1, out: [] });
      expect(err[0]).toBe(`$.subscribers[${victim}]: conflicts with data already in the database: a database check refused it`);
      expect(err.join("\n")).not.toMatch(/insert|select|refuse_one/i);
      expect(await digest()).toBe(before);
    } finally {
      await sql.query("drop trigger refuse_one on subscribers; drop function refuse_one()");
    }
  });

  it("names the entity of a row that breaks a foreign key, in a many-row statement, and writes nothing", async () => {
    const handle = await openMigratedPgDatabase(db.url, { maxConnections: 1 });
    try {
      const before = await digest();
      const world = checked(demo());
      world.subscribers[5]!.customerId = "99999999-0000-4000-8000-000000000000";
      expect(await loadPgWorld(handle, world)).toEqual({
        ok: false,
        problems: [{ path: "$.subscribers[5]", message: "conflicts with data already in the database: it refers to a row that does not exist" }],
      });
      expect(await digest()).toBe(before);
    } finally {
      await handle.close();
    }
  });

  it("fills an empty database once when two loads race for it (the server's demo world at start)", async () => {
    const world = checked(demo());
    const [one, two] = await Promise.all([openMigratedPgDatabase(db.url), openMigratedPgDatabase(db.url)]);
    try {
      const outcomes = await Promise.all([loadWorldIfEmpty(one, world), loadWorldIfEmpty(two, world)]);
      expect(outcomes.filter((o) => o === null)).toHaveLength(1);
      expect(outcomes.find((o) => o !== null)).toMatchObject({ ok: true, counts: { customers: 12 } });
      expect(await count("customers")).toBe(12);
      expect(await loadWorldIfEmpty(one, world)).toBeNull();
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it("exits 2 naming DATABASE_URL when it is malformed or its database cannot be reached", async () => {
    const bad = await cli(DEMO_FILE, { DATABASE_URL: "mysql://root:secret@db/app" });
    expect(bad).toEqual({
      code: 2,
      out: [],
      err: [`DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@host:5432/database (scheme postgres:// or postgresql://, with a host), got "mysql://root:***@db/app"`],
    });
    const unreachable = await cli(DEMO_FILE, { DATABASE_URL: "postgres://postgres:secret@127.0.0.1:1/nowhere" });
    expect(unreachable.code).toBe(2);
    expect(unreachable.err).toEqual([expect.stringMatching(/^DATABASE_URL=postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/nowhere: cannot connect to the database \(.*ECONNREFUSED.*\)$/)]);
  });
});
