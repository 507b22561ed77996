/**
 * An entity's externalParams reads cost the configs and the entities asked for, not the tables
 * (STYLE "Reads cost the page"): an owner's configs of one type are read along their list index,
 * in list order (no sort), and many entities' values by their key from those configs.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase, type DbHandle } from "../../src/db/sqlite/connection";
import { configsOf, entityParamQueries, valuesOn } from "../../src/db/sqlite/repositories/external-params";
import { loadWorldInto } from "../helpers/server";
import { C, S, X, testWorld } from "../helpers/world";

describe("the external param reads of an entity's externalParams", () => {
  let dir: string;
  let handle: DbHandle;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "external-param-plans-"));
    handle = openDatabase(join(dir, "test.db"), { busyTimeoutMs: 1000 });
    migrateDatabase(handle);
    loadWorldInto(handle, testWorld());
  });
  afterAll(() => {
    handle.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const planOf = (query: { sql: string; params: unknown[] }) =>
    (handle.readerSqlite.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.params) as { detail: string }[]).map((row) => row.detail);

  function expectIndexed() {
    const { configs, values } = entityParamQueries(handle.reader, C.RA, "SUBSCRIBER", [S.EA1_1.id, S.EA1_2.id]);
    expect(planOf(configs)).toEqual([
      "SEARCH external_param_configs USING INDEX external_param_configs_owner_type_created_idx (owner_id=? AND entity_type=?)",
    ]);
    const plan = planOf(values);
    expect(plan).toContain("SEARCH external_param_configs USING COVERING INDEX external_param_configs_owner_type_created_idx (owner_id=? AND entity_type=?)");
    expect(plan).toContainEqual(expect.stringMatching(/^SEARCH external_param_values USING (COVERING )?INDEX \S+ \((config_id=\? AND entity_id=\?|entity_id=\?)\)$/));
    expect(plan.filter((step) => step.startsWith("SCAN"))).toEqual(["SCAN json_each VIRTUAL TABLE INDEX 1:"]);
    expect(plan.filter((step) => step.includes("TEMP B-TREE"))).toEqual([]);
  }

  it("walks the owner's config index and finds each value by its key, before and after the planner has statistics", () => {
    expectIndexed();
    handle.sqlite.exec("ANALYZE");
    expectIndexed();
  });

  it("answers an owner's configs of a type in list order and the values of many entities at once", () => {
    expect(configsOf(handle.reader, C.RA, "SUBSCRIBER").map((c) => c.id)).toEqual([X.RA_SUBSCRIBER, X.RA_SUBSCRIBER_HIDDEN]);
    expect(configsOf(handle.reader, C.EA1, "SUBSCRIBER")).toEqual([]);
    const values = valuesOn(handle.reader, C.RA, "SUBSCRIBER", [S.EA1_1.id, S.EA1_2.id, S.EB1_1.id]);
    expect(values.sort((a, b) => a.configId.localeCompare(b.configId))).toEqual([
      { configId: X.RA_SUBSCRIBER, entityId: S.EA1_1.id, value: "EXT-1" },
      { configId: X.RA_SUBSCRIBER_HIDDEN, entityId: S.EA1_1.id, value: "note" },
    ]);
    // Another owner's values on the same entities are not these configs' values.
    expect(valuesOn(handle.reader, C.RB, "SUBSCRIBER", [S.EA1_1.id, S.EB1_1.id])).toEqual([{ configId: X.RB_SUBSCRIBER, entityId: S.EB1_1.id, value: "EXT-B" }]);
    expect(valuesOn(handle.reader, C.RA, "CUSTOMER", [S.EA1_1.id])).toEqual([]);
    expect(valuesOn(handle.reader, C.RA, "SUBSCRIBER", [])).toEqual([]);
  });
});
