/**
 * The hand-written row readers (src/db/sqlite/rows.ts) read every table's rows exactly as
 * Drizzle's own mapping does, from result rows and from JSON (rowsAsJson): same keys, same
 * values, Dates and booleans included, nulls where the columns hold nulls. The test world holds
 * every kind of row; a revoked key, a failed Request and a pool plan instance are added for the
 * columns it leaves null.
 */
import { sql } from "drizzle-orm";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase, type DbHandle } from "../../src/db/sqlite/connection";
import { rawStatementOnce } from "../../src/db/sqlite/raw-statements";
import {
  apiKeyRow,
  columnsOf,
  customerRow,
  externalParamConfigRow,
  offerRow,
  packageRow,
  readJsonRows,
  requestRow,
  rowsAsJson,
  subscriberOfferRow,
  subscriberRow,
  type RowReader,
} from "../../src/db/sqlite/rows";
import { apiKeys, customers, externalParamConfigs, offers, packages, requests, subscriberOffers, subscribers } from "../../src/db/sqlite/schema";
import { loadWorldInto } from "../helpers/server";
import { C, O, testWorld } from "../helpers/world";

let dir: string;
let handle: DbHandle;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "connectivity-rows-"));
  handle = openDatabase(join(dir, "rows.db"));
  migrateDatabase(handle);
  loadWorldInto(handle, testWorld());
  const at = Date.UTC(2026, 1, 2, 3, 4, 5, 678);
  handle.sqlite.prepare("UPDATE api_keys SET revoked_at = ?, label = 'old' WHERE rowid = (SELECT min(rowid) FROM api_keys)").run(at);
  handle.sqlite
    .prepare("INSERT INTO requests (id, requester_id, operation, status, code, created_at, completed_at) VALUES (?, ?, 'renameCustomer', 'FAILED', 'ACC_1001', ?, ?)")
    .run("0000000f-0000-4000-8000-000000000001", C.RA, at, at + 5);
  handle.sqlite
    .prepare("INSERT INTO requests (id, requester_id, operation, status, code, created_at, completed_at) VALUES (?, ?, 'renameCustomer', 'SUCCEEDED', NULL, ?, NULL)")
    .run("0000000f-0000-4000-8000-000000000002", C.RA, at);
  handle.sqlite
    .prepare(
      "INSERT INTO subscriber_offers (id, subscriber_id, offer_id, priority, package_id, is_pool, attached_at, attached_by_id) " +
        "VALUES ('0000000f-0000-4000-8000-000000000003', (SELECT min(id) FROM subscribers), ?, NULL, NULL, 1, ?, ?)",
    )
    .run(O.OP_POOL_RA, at, C.OP);
});
afterAll(() => {
  handle.close();
  rmSync(dir, { recursive: true, force: true });
});

const TABLES: [string, object, { keys: readonly string[]; read: RowReader<{ id: string }>["read"] }][] = [
  ["customers", customers, customerRow],
  ["api_keys", apiKeys, apiKeyRow],
  ["offers", offers, offerRow],
  ["packages", packages, packageRow],
  ["subscribers", subscribers, subscriberRow],
  ["subscriber_offers", subscriberOffers, subscriberOfferRow],
  ["external_param_configs", externalParamConfigs, externalParamConfigRow],
  ["requests", requests, requestRow],
];

describe("row readers", () => {
  it.each(TABLES)("read every %s row as Drizzle does, one by one and as JSON", (name, table, reader) => {
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
    const drizzleRows = handle.reader
      .select()
      .from(table as typeof customers)
      .all()
      .sort(byId);
    const read = rawStatementOnce(handle.reader, `test:${name}`, () => ({
      sql: sql`select ${columnsOf(reader, table)} from ${table as typeof customers}`,
      read: (values) => reader.read(values, 0),
    }))
      .all({})
      .sort(byId);
    const json = rawStatementOnce(handle.reader, `test:${name}:json`, () => ({
      sql: sql`select ${rowsAsJson(reader, table)} from ${table as typeof customers}`,
      read: (values) => readJsonRows(reader, values[0]),
    }))
      .get({})!
      .sort(byId);
    expect(drizzleRows.length).toBeGreaterThan(0);
    expect(read).toStrictEqual(drizzleRows);
    expect(json).toStrictEqual(drizzleRows);
  });

  it("cover the columns that hold values other than null", () => {
    const count = (query: string) => handle.readerSqlite.prepare(query).pluck().get() as number;
    expect(count("SELECT count(*) FROM api_keys WHERE revoked_at IS NOT NULL")).toBeGreaterThan(0);
    expect(count("SELECT count(*) FROM requests WHERE code IS NOT NULL AND completed_at IS NOT NULL")).toBeGreaterThan(0);
    expect(count("SELECT count(*) FROM subscribers WHERE imei_key IS NOT NULL")).toBeGreaterThan(0);
    expect(count("SELECT count(*) FROM offers WHERE pool_customer_id IS NOT NULL")).toBeGreaterThan(0);
    expect(count("SELECT count(*) FROM packages WHERE eligible_all = 1")).toBeGreaterThan(0);
    expect(count("SELECT count(*) FROM subscriber_offers WHERE is_pool = 1")).toBeGreaterThan(0);
    expect(count("SELECT count(*) FROM external_param_configs WHERE display_name IS NOT NULL AND is_searchable = 1")).toBeGreaterThan(0);
  });
});
