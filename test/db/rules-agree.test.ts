/**
 * The SQL filters of src/db/sqlite/repositories/visibility.ts select exactly the rows for which the
 * domain rules they mirror (src/domain/accounts/visibility.ts) hold. Seeded random worlds (customer
 * trees three or four levels deep under two roots, regular and pool plans, packages for listed
 * sub-accounts and for ALL, subscribers with and without a package) are loaded into a
 * temporary database; for every requester, each filter's rows are compared with the rule
 * applied to every row in memory, as the builder alone and through the statements that use it.
 */
import { eq, type SQL } from "drizzle-orm";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase, type DbHandle } from "../../src/db/sqlite/connection";
import type { ListName } from "../../src/app/ports";
import { countSearch, searchSubscribers } from "../../src/db/sqlite/repositories/external-params";
import { hasAllocatedPackage } from "../../src/db/sqlite/repositories/packages";
import { countPages, fetchPages, pageQuery } from "../../src/db/sqlite/repositories/pages";
import {
  isBuyPackageSql,
  isBuyPlanSql,
  isEligibleSql,
  isVisibleSql,
  parentIdOf,
} from "../../src/db/sqlite/repositories/visibility";
import { customers, externalParamConfigs, externalParamValues, offers, packages, subscribers } from "../../src/db/sqlite/schema";
import {
  isBuyPackage,
  isBuyPlan,
  isEligible,
  isVisible,
  type OfferFacts,
  type PackageFacts,
  type TreeNode,
} from "../../src/domain/accounts/visibility";
import { loadWorldInto } from "../helpers/server";
import { seededRandom } from "../helpers/seeded-random";

const SEEDS = [1, 7, 42, 1234, 20240611, 987654321];


const uuid = (group: number, n: number) =>
  `${group.toString(16).padStart(8, "0")}-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;

interface RandomWorld {
  /** The world file, as the loader reads it. */
  file: Record<string, unknown[]>;
  nodes: TreeNode[];
  offers: OfferFacts[];
  packages: PackageFacts[];
  subscribers: { id: string; customerId: string }[];
}

function randomWorld(seed: number): RandomWorld {
  const random = seededRandom(seed);
  const depth = random.int(3, 4);
  const nodes: TreeNode[] = [];
  const children = new Map<string, TreeNode[]>();
  const grow = (parent: TreeNode | null, level: number) => {
    const id = uuid(1, nodes.length + 1);
    const node = { id, parentId: parent?.id ?? null, path: `${parent?.path ?? "/"}${id}/` };
    nodes.push(node);
    children.set(id, []);
    if (parent) children.get(parent.id)!.push(node);
    if (level === depth) return;
    // The first child always grows, so that every tree reaches the full depth.
    const count = random.int(1, 3);
    for (let i = 0; i < count; i++) if (i === 0 || random.chance(0.7)) grow(node, level + 1);
  };
  grow(null, 1);
  grow(null, 1);

  const offerFacts: OfferFacts[] = [];
  for (const owner of nodes) {
    for (let i = random.int(0, 3); i > 0; i--) {
      offerFacts.push({ id: uuid(2, offerFacts.length + 1), ownerId: owner.id, kind: "REGULAR", poolCustomerId: null });
    }
    for (const child of random.subset(children.get(owner.id)!, 0.5)) {
      offerFacts.push({ id: uuid(2, offerFacts.length + 1), ownerId: owner.id, kind: "POOL", poolCustomerId: child.id });
    }
  }

  const packageFacts: PackageFacts[] = [];
  for (const owner of nodes) {
    const regular = offerFacts.filter((o) => o.ownerId === owner.id && o.kind === "REGULAR").map((o) => o.id);
    if (regular.length === 0) continue;
    for (let i = random.int(0, 3); i > 0; i--) {
      const offerIds = random.subset(regular, 0.5);
      const eligibleAll = random.chance(0.3);
      packageFacts.push({
        id: uuid(3, packageFacts.length + 1),
        ownerId: owner.id,
        eligibleAll,
        eligibleCustomerIds: eligibleAll ? [] : random.subset(children.get(owner.id)!, 0.5).map((c) => c.id),
        offerIds: offerIds.length ? offerIds : [regular[0]!],
      });
    }
  }

  const subscriberRows: { id: string; customerId: string; packageId: string | null }[] = [];
  for (const customer of nodes) {
    for (let i = random.int(0, 2); i > 0; i--) {
      const allocated = packageFacts.filter((p) => isEligible(p, customer));
      const packageId = allocated.length && random.chance(0.6) ? allocated[random.int(0, allocated.length - 1)]!.id : null;
      subscriberRows.push({ id: uuid(4, subscriberRows.length + 1), customerId: customer.id, packageId });
    }
  }

  const file = {
    customers: nodes.map((n, i) => ({ id: n.id, name: `Customer ${i + 1}`, parentId: n.parentId, allowOfferDelegation: true })),
    offers: offerFacts.map((o, i) => ({ ...o, name: `Offer ${i + 1}` })),
    packages: packageFacts.map((p, i) => ({
      id: p.id,
      ownerId: p.ownerId,
      name: `Package ${i + 1}`,
      nestedOfferIds: p.offerIds,
      eligibleSubAccountIds: p.eligibleAll ? "ALL" : p.eligibleCustomerIds,
    })),
    subscribers: subscriberRows.map((s, i) => ({ ...s, imsi: `22201${String(i + 1).padStart(10, "0")}` })),
  };
  return { file, nodes, offers: offerFacts, packages: packageFacts, subscribers: subscriberRows };
}

const ALL_ROWS = { first: 100_000, after: null };
const sorted = (ids: Iterable<string>) => [...ids].sort();

/** The rule over every requester: requester id → the ids of the rows it holds for, sorted. */
function perRequester<Row extends { id: string }>(
  requesters: readonly TreeNode[],
  rows: readonly Row[],
  holds: (requester: TreeNode, row: Row) => boolean,
) {
  return Object.fromEntries(requesters.map((r) => [r.id, sorted(rows.filter((row) => holds(r, row)).map((row) => row.id))]));
}

/** A paged list over every owner in the world, all pages: the ids it lists, and its counts' sum. */
function listed(handle: DbHandle, list: ListName, ownerIds: readonly string[]) {
  const pages = [...fetchPages(handle.reader, list, ownerIds, ALL_ROWS).values()];
  const ids = sorted(pages.flatMap((page) => page.rows.map((row) => row.id)));
  const total = [...countPages(handle.reader, list, ownerIds).values()].reduce((a, b) => a + b, 0);
  return { ids, total };
}

describe.each(SEEDS)("SQL filters agree with the domain rules, world of seed %i", (seed) => {
  const world = randomWorld(seed);
  const { nodes } = world;
  const ownerIds = nodes.map((n) => n.id);
  let dir: string;
  let handle: DbHandle;
  const ids = (where: SQL, table: typeof offers | typeof packages | typeof customers) =>
    sorted(handle.reader.select({ id: table.id }).from(table).where(where).all().map((r) => r.id));

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "connectivity-rules-"));
    handle = openDatabase(join(dir, "rules.db"));
    migrateDatabase(handle);
    loadWorldInto(handle, world.file);
  });
  afterAll(() => {
    handle.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("the world holds both outcomes of every rule", () => {
    const pairs = <Row>(rows: readonly Row[], holds: (r: TreeNode, row: Row) => boolean) =>
      new Set(nodes.flatMap((r) => rows.map((row) => holds(r, row))));
    expect(nodes.length).toBeGreaterThanOrEqual(6);
    expect(pairs(world.offers, isBuyPlan)).toEqual(new Set([true, false]));
    expect(pairs(world.packages, (r, p) => isEligible(p, r))).toEqual(new Set([true, false]));
    expect(pairs(nodes, isVisible)).toEqual(new Set([true, false]));
    // A pool plan of the requester's parent made for a sibling: the rule's case a regular plan misses.
    expect(nodes.some((r) => world.offers.some((o) => o.kind === "POOL" && o.ownerId === r.parentId && o.poolCustomerId !== r.id))).toBe(true);
  });

  it("isBuyPlanSql selects the offers isBuyPlan holds for, for every requester", () => {
    const expected = perRequester(nodes, world.offers, isBuyPlan);
    const byNode = Object.fromEntries(nodes.map((r) => [r.id, ids(isBuyPlanSql(r), offers)]));
    const byId = Object.fromEntries(nodes.map((r) => [r.id, ids(isBuyPlanSql({ id: r.id, parentId: parentIdOf(r.id) }), offers)]));
    expect(byNode).toEqual(expected);
    expect(byId).toEqual(expected);
  });

  it("the buyPlans list, over every owner, lists exactly the requester's Buy plans", () => {
    const expected = perRequester(nodes, world.offers, isBuyPlan);
    const lists = Object.fromEntries(nodes.map((r) => [r.id, listed(handle, { list: "buyPlans", requesterId: r.id }, ownerIds)]));
    expect(Object.fromEntries(nodes.map((r) => [r.id, lists[r.id]!.ids]))).toEqual(expected);
    expect(Object.fromEntries(nodes.map((r) => [r.id, lists[r.id]!.total]))).toEqual(
      Object.fromEntries(nodes.map((r) => [r.id, expected[r.id]!.length])),
    );
  });

  it("isEligibleSql selects the packages isEligible holds for, for every customer", () => {
    const expected = perRequester(nodes, world.packages, (c, p) => isEligible(p, c));
    const byNode = Object.fromEntries(nodes.map((c) => [c.id, ids(isEligibleSql(c), packages)]));
    const byId = Object.fromEntries(nodes.map((c) => [c.id, ids(isEligibleSql({ id: c.id, parentId: parentIdOf(c.id) }), packages)]));
    expect(byNode).toEqual(expected);
    expect(byId).toEqual(expected);
  });

  it("the packagesEligibleFor list, over every owner, lists exactly the packages the customer is eligible for", () => {
    const expected = perRequester(nodes, world.packages, (c, p) => isEligible(p, c));
    const lists = Object.fromEntries(nodes.map((c) => [c.id, listed(handle, { list: "packagesEligibleFor", customerId: c.id }, ownerIds)]));
    expect(Object.fromEntries(nodes.map((c) => [c.id, lists[c.id]!.ids]))).toEqual(expected);
    expect(Object.fromEntries(nodes.map((c) => [c.id, lists[c.id]!.total]))).toEqual(
      Object.fromEntries(nodes.map((c) => [c.id, expected[c.id]!.length])),
    );
  });

  it("isBuyPackageSql and hasAllocatedPackage agree with isBuyPackage, for every requester", () => {
    const expected = perRequester(nodes, world.packages, isBuyPackage);
    expect(Object.fromEntries(nodes.map((r) => [r.id, ids(isBuyPackageSql(r), packages)]))).toEqual(expected);
    const allocated = Object.fromEntries(nodes.map((r) => [r.id, hasAllocatedPackage(handle.reader, r)]));
    expect(allocated).toEqual(Object.fromEntries(nodes.map((r) => [r.id, expected[r.id]!.length > 0])));
    expect(new Set(Object.values(allocated))).toEqual(new Set([true, false]));
  });

  it("isVisibleSql selects the customers isVisible holds for, by path, for every requester", () => {
    expect(Object.fromEntries(nodes.map((r) => [r.id, ids(isVisibleSql(r), customers)]))).toEqual(
      perRequester(nodes, nodes, isVisible),
    );
  });

  it("a subscriber search from a requester's path finds exactly the subscribers of customers it sees", () => {
    const configId = uuid(5, 1);
    const now = new Date();
    handle.db
      .insert(externalParamConfigs)
      .values({ id: configId, ownerId: nodes[0]!.id, name: "tag", entityType: "SUBSCRIBER", isSearchable: true, createdAt: now })
      .run();
    handle.db
      .insert(externalParamValues)
      .values(world.subscribers.map((s) => ({ configId, entityId: s.id, value: "tagged", updatedAt: now })))
      .run();
    const customerOf = new Map(nodes.map((n) => [n.id, n]));
    const expected = perRequester(nodes, world.subscribers, (r, s) => isVisible(r, customerOf.get(s.customerId)!));
    const found = Object.fromEntries(
      nodes.map((r) => {
        const search = { configId, value: "tagged", underPath: r.path };
        const found = searchSubscribers(handle.reader, search, ALL_ROWS);
        expect(countSearch(handle.reader, search)).toBe(found.rows.length);
        return [r.id, sorted(found.rows.map((s) => s.id))];
      }),
    );
    expect(found).toEqual(expected);
    const joined = (r: TreeNode) =>
      sorted(
        handle.reader
          .select({ id: subscribers.id })
          .from(subscribers)
          .innerJoin(customers, eq(customers.id, subscribers.customerId))
          .where(isVisibleSql(r))
          .all()
          .map((s) => s.id),
      );
    expect(Object.fromEntries(nodes.map((r) => [r.id, joined(r)]))).toEqual(expected);
  });

  it("the filtered statements stay served by the owner's index", () => {
    const plan = (query: { sql: string; params: unknown[] }) =>
      (handle.readerSqlite.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.params) as { detail: string }[])
        .map((row) => row.detail)
        .join("\n");
    const where = (table: typeof offers | typeof packages, condition: SQL) =>
      handle.reader.select({ id: table.id }).from(table).where(condition).toSQL();
    const requester = nodes.find((n) => n.parentId !== null)!;
    const owners = [requester.parentId!];
    const ownerIndex = (table: string) => new RegExp(`SEARCH ${table} USING (COVERING )?INDEX ${table}_owner_\\w+ \\(owner_id=\\?`);
    expect(plan(pageQuery(handle.reader, { list: "buyPlans", requesterId: requester.id }, owners, ALL_ROWS))).toMatch(ownerIndex("offers"));
    expect(plan(pageQuery(handle.reader, { list: "packagesEligibleFor", customerId: requester.id }, owners, ALL_ROWS))).toMatch(
      ownerIndex("packages"),
    );
    expect(plan(where(packages, isBuyPackageSql(requester)))).toMatch(ownerIndex("packages"));
    expect(plan(where(offers, isBuyPlanSql(requester)))).toMatch(ownerIndex("offers"));
  });
});
