/**
 * A page costs the page on PostgreSQL too (SPEC section 5; README "Storage"): for parents with
 * thousands of rows, the page statement reads each parent's rows through the list's index
 * (parent, created_at, id), or (parent, filtered column, created_at, id) under a filter on a
 * package, a status or an operation, in order (backwards for newest first), and stops after
 * first + 1 of them; no sort, no scan of the table. An identifier prefix reads a range of an
 * index, never the table. Checked on the plan PostgreSQL runs (EXPLAIN ANALYZE), with the values
 * bound and as the generic plan a prepared statement settles on.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ListName } from "../../../src/app/ports";
import { openMigratedPgDatabase, type PgHandle } from "../../../src/db/pg/connection";
import { paramValuesQuery } from "../../../src/db/pg/repositories/external-params";
import { countQuery, pageQuery } from "../../../src/db/pg/repositories/pages";
import type { ListOrder, PageRequest } from "../../../src/domain/input/pagination";
import { readSubscriberFilter } from "../../../src/domain/subscribers/subscriber-filter";
import { freshDatabase, type FreshDatabase } from "./fresh-database";

const id = (group: number, n: number) => `${group.toString(16).padStart(8, "0")}-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
const ROOT = id(1, 1);
const BIG = [id(1, 2), id(1, 3)];
const SMALL = id(1, 4);
const PACKAGE = id(3, 1);
const ROWS = 3000;
const ASC: ListOrder = { field: "CREATED_AT", direction: "ASC" };
const DESC: ListOrder = { field: "CREATED_AT", direction: "DESC" };

let db: FreshDatabase;
let handle: PgHandle;

beforeAll(async () => {
  db = await freshDatabase();
  handle = await openMigratedPgDatabase(db.url);
  const q = (text: string, values: unknown[] = []) => handle.pool.query(text, values);
  await q("insert into customers (id, parent_id, path, name, created_at) values ($1, null, $2, 'Root', now())", [ROOT, `/${ROOT}/`]);
  for (const child of [...BIG, SMALL]) {
    await q("insert into customers (id, parent_id, path, name, created_at) values ($1, $2, $3, 'Child', now())", [child, ROOT, `/${ROOT}/${child}/`]);
  }
  await q("insert into packages (id, owner_id, name, name_key, created_at, updated_at) values ($1, $2, 'Sensors', 'sensors', now(), now())", [PACKAGE, ROOT]);
  // Many subscribers under each big parent (one in three with the package), a few under the
  // small one; many offers of the root; many Requests of each big parent, of three operations,
  // one in two FAILED.
  for (const [g, parent] of [...BIG, SMALL].entries()) {
    await q(
      `insert into subscribers (id, customer_id, imsi, package_id, created_at)
       select lpad(to_hex($1::int), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(n), 12, '0'), $2,
              (100000000 + $1::int * 1000000 + n)::text, case when n % 3 = 0 then $4 end,
              timestamp '2024-01-01' + n * interval '1 second'
       from generate_series(1, $3::int) n`,
      [10 + g, parent, parent === SMALL ? 5 : ROWS, PACKAGE],
    );
    await q(
      `insert into requests (id, requester_id, operation, status, code, created_at)
       select lpad(to_hex($1::int), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(n), 12, '0'), $2,
              (array['attachOffer', 'bulkReplacePackage', 'renameCustomer'])[n % 3 + 1],
              case when n % 2 = 0 then 'FAILED' else 'SUCCEEDED' end, case when n % 2 = 0 then 'SUBSCRIBER_1010' end,
              timestamp '2024-01-01' + n * interval '1 second'
       from generate_series(1, $3::int) n`,
      [30 + g, parent, parent === SMALL ? 5 : ROWS],
    );
  }
  await q(
    `insert into offers (id, owner_id, name, kind, pool_customer_id, created_at)
     select lpad(to_hex(20), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(n), 12, '0'), $1, 'Plan ' || n,
            case when n % 3 = 0 then 'POOL' else 'REGULAR' end, case when n % 3 = 0 then $2 end,
            timestamp '2024-01-01' + n * interval '1 second'
     from generate_series(1, $3::int) n`,
    [ROOT, BIG[1], ROWS],
  );
  // Many CUSTOMER configs of the root, each with a value on the root itself and on 50 others.
  await q(
    `insert into external_param_configs (id, owner_id, name, entity_type, is_searchable, created_at)
     select lpad(to_hex(50), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(n), 12, '0'), $1, 'param' || n, 'CUSTOMER', true,
            timestamp '2024-01-01' + n * interval '1 second'
     from generate_series(1, $2::int) n`,
    [ROOT, ROWS],
  );
  await q(
    `insert into external_param_values (config_id, entity_id, value, updated_at)
     select c.id, e.id, 'value of ' || c.name, now()
     from external_param_configs c, (select $1::text as id union all select lpad(to_hex(60), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(n), 12, '0') from generate_series(1, 50) n) e
     where c.owner_id = $1`,
    [ROOT],
  );
  // Vacuumed as a table long in use is: its index-only scans need not visit the rows.
  await q("vacuum analyze");
}, 60_000);

afterAll(async () => {
  await Promise.race([handle?.close().catch(() => undefined), sleep(2000)]);
  await db?.drop();
});

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Actual Rows": number;
  "Actual Loops": number;
  Plans?: PlanNode[];
}

const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

/** The plan PostgreSQL runs for one page (or the count) of a list, with the values bound or generic. */
async function plan(list: ListName, parentIds: string[], page: PageRequest | "count", mode: "custom" | "generic"): Promise<PlanNode[]> {
  const query = page === "count" ? countQuery(handle.db, list, parentIds) : pageQuery(handle.db, list, parentIds, page);
  const client = await handle.pool.connect();
  // EXECUTE takes its values as literals: a prepared statement's plan, bound or generic.
  const literal = (value: unknown): string =>
    Array.isArray(value)
      ? `ARRAY[${value.map(literal).join(", ")}]::text[]`
      : typeof value === "number"
        ? String(value)
        : client.escapeLiteral(String(value));
  try {
    await client.query(`set plan_cache_mode = force_${mode}_plan`);
    await client.query(`prepare page as ${query.sql}`);
    const explained = await client.query(`explain (analyze, format json) execute page(${query.params.map(literal).join(", ")})`);
    return nodesOf(explained.rows[0]["QUERY PLAN"][0].Plan);
  } finally {
    client.release(true);
  }
}

const subscribersWhere = (input: Parameters<typeof readSubscriberFilter>[0]): ListName => {
  const read = readSubscriberFilter(input);
  if (!read.ok) throw new Error(JSON.stringify(read.issues));
  return { list: "subscribers", filter: read.filter };
};

describe("the values of a page of param configs on PostgreSQL", () => {
  const configIds = Array.from({ length: 20 }, (_, i) => id(50, i + 1));
  /** The plan of the values statement for 20 of the root's 3,000 configs, each valued on the root and 50 others. */
  async function valuesPlan(mode: "custom" | "generic"): Promise<PlanNode[]> {
    const query = paramValuesQuery(handle.db).toSQL();
    const client = await handle.pool.connect();
    try {
      await client.query(`set plan_cache_mode = force_${mode}_plan`);
      await client.query(`prepare page_values as ${query.sql}`);
      const values = [`ARRAY[${configIds.map((c) => client.escapeLiteral(c)).join(", ")}]::text[]`, client.escapeLiteral(ROOT), "1"];
      const explained = await client.query(`explain (analyze, format json) execute page_values(${values.join(", ")})`);
      return nodesOf(explained.rows[0]["QUERY PLAN"][0].Plan);
    } finally {
      client.release(true);
    }
  }
  const expectKeyLookups = (nodes: PlanNode[]) => {
    const reads = nodes.filter((n) => n["Relation Name"] === "external_param_values");
    expect(reads.map((n) => [n["Node Type"], n["Index Name"]])).toEqual([["Index Scan", "external_param_values_config_id_entity_id_pk"]]);
    expect(reads[0]!["Actual Rows"] * reads[0]!["Actual Loops"]).toBe(configIds.length);
  };

  for (const mode of ["custom", "generic"] as const) {
    it(`looks each value up by its key, reading no other value of the entity (${mode} plan)`, async () => {
      expectKeyLookups(await valuesPlan(mode));
    });
    it(`looks each value up by its key before the table has statistics (${mode} plan)`, async () => {
      await handle.pool.query("delete from pg_statistic where starelid = 'external_param_values'::regclass");
      try {
        expectKeyLookups(await valuesPlan(mode));
      } finally {
        await handle.pool.query("analyze external_param_values");
      }
    });
  }
});

describe("a page of a list on PostgreSQL", () => {
  const cases: [string, ListName, ListOrder, string, string][] = [
    ["subscribers", { list: "subscribers" }, ASC, "subscribers", "subscribers_customer_created_idx"],
    ["subscribers newest first", { list: "subscribers" }, DESC, "subscribers", "subscribers_customer_created_idx"],
    ["subscribers of a package", subscribersWhere({ packageId: PACKAGE }), ASC, "subscribers", "subscribers_customer_package_created_idx"],
    ["subscribers without a package, newest first", subscribersWhere({ withoutPackage: true }), DESC, "subscribers", "subscribers_customer_package_created_idx"],
    ["FAILED requests, latest first", { list: "requests", filter: { status: "FAILED" } }, DESC, "requests", "requests_requester_status_created_idx"],
    ["attachOffer requests", { list: "requests", filter: { operation: "attachOffer" } }, ASC, "requests", "requests_requester_operation_created_idx"],
    [
      "FAILED attachOffer requests, latest first",
      { list: "requests", filter: { operation: "attachOffer", status: "FAILED" } },
      DESC,
      "requests",
      "requests_requester_operation_status_created_idx",
    ],
    ["buyPlans", { list: "buyPlans", requesterId: BIG[1]! }, ASC, "offers", "offers_owner_created_idx"],
  ];
  for (const [name, list, order, table, index] of cases) {
    for (const mode of ["custom", "generic"] as const) {
      for (const after of [null, { createdAt: Date.UTC(2024, 0, 1, 0, 20), id: id(11, 1200) }]) {
        it(`${name}: reads at most first + 1 rows per parent through ${index} (${mode} plan, ${after ? "after a cursor" : "first page"})`, async () => {
          const parents = list.list === "buyPlans" ? [ROOT, BIG[0]!] : [...BIG, SMALL];
          const first = 10;
          const nodes = await plan(list, parents, { first, after, order }, mode);
          const scans = nodes.filter((n) => n["Relation Name"] === table);
          expect(scans.length).toBeGreaterThan(0);
          for (const scan of scans) {
            expect(scan["Node Type"]).toMatch(/^Index( Only)? Scan$/);
            expect(scan["Index Name"]).toBe(index);
          }
          // What the scans handed up, over every parent: at most first + 1 rows each.
          const read = scans.reduce((sum, n) => sum + n["Actual Rows"] * n["Actual Loops"], 0);
          expect(read).toBeLessThanOrEqual((first + 1) * parents.length);
          // No sort anywhere (the index gives the order); the customers row a filter looks up may be scanned.
          expect(nodes.filter((n) => n["Node Type"] === "Sort" || (n["Node Type"] === "Seq Scan" && n["Relation Name"] !== "customers"))).toEqual([]);
        });
      }
    }
  }
});

describe("a list narrowed by an identifier prefix on PostgreSQL", () => {
  // Every big parent's IMSIs start with 1; 10001 is a hundred of the first big parent's.
  for (const [name, list] of [
    ["a narrow prefix", subscribersWhere({ identifierPrefix: { type: "IMSI", prefix: "11000" } })],
    ["a prefix with a package", subscribersWhere({ packageId: PACKAGE, identifierPrefix: { type: "IMSI", prefix: "11000" } })],
    ["a prefix of nines only", subscribersWhere({ identifierPrefix: { type: "IMSI", prefix: "99" } })],
  ] as const) {
    for (const mode of ["custom", "generic"] as const) {
      it(`${name}: reads the subscribers through an index, never the whole table (${mode} plan)`, async () => {
        for (const page of [{ first: 10, after: null, order: DESC }, "count"] as const) {
          const nodes = await plan(list, [...BIG, SMALL], page, mode);
          const scans = nodes.filter((n) => n["Relation Name"] === "subscribers");
          expect(scans.length).toBeGreaterThan(0);
          for (const scan of scans) expect(scan["Node Type"]).toMatch(/^(Index( Only)? Scan|Bitmap Heap Scan)$/);
          expect(nodes.filter((n) => n["Node Type"] === "Seq Scan")).toEqual([]);
        }
      });
    }
  }
});

describe("the count of a filtered list on PostgreSQL", () => {
  for (const [name, list] of [
    ["subscribers of a package", subscribersWhere({ packageId: PACKAGE })],
    ["subscribers without a package", subscribersWhere({ withoutPackage: true })],
    ["FAILED requests", { list: "requests", filter: { status: "FAILED" } }],
    ["FAILED attachOffer requests", { list: "requests", filter: { operation: "attachOffer", status: "FAILED" } }],
  ] as [string, ListName][]) {
    for (const mode of ["custom", "generic"] as const) {
      it(`${name}: counts through an index, never the whole table (${mode} plan)`, async () => {
        const nodes = await plan(list, [...BIG, SMALL], "count", mode);
        const table = list.list === "requests" ? "requests" : "subscribers";
        const scans = nodes.filter((n) => n["Relation Name"] === table);
        expect(scans.length).toBeGreaterThan(0);
        for (const scan of scans) expect(scan["Node Type"]).toMatch(/^(Index( Only)? Scan|Bitmap Heap Scan)$/);
      });
    }
  }
});
