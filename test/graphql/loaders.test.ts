/**
 * DataLoaders: a nested query costs the same number of SQL statements
 * whatever the list sizes.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/server";

const id = (group: number, n: number) => `${group.toString(16).padStart(8, "0")}-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;

/**
 * A reseller with `children` enterprises, each with 3 subscribers on one of 2 packages, and
 * `own` subscribers of its own; its external params of customers and subscribers, with values
 * on every other one.
 */
function wideWorld(children: number, own = 0) {
  const reseller = id(10, 1);
  const offers = [1, 2, 3].map((n) => ({ id: id(11, n), name: `Offer ${n}`, ownerId: reseller, kind: "REGULAR", poolCustomerId: null }));
  const packages = [1, 2].map((n) => ({
    id: id(12, n),
    name: `Package ${n}`,
    description: null,
    ownerId: reseller,
    nestedOfferIds: n === 1 ? [offers[0]!.id, offers[1]!.id] : [offers[2]!.id],
    eligibleSubAccountIds: "ALL",
  }));
  const customers = [
    { id: reseller, name: "Reseller", parentId: null, allowOfferDelegation: false, apiKeys: ["wide-world-reseller-key-01"] },
    ...Array.from({ length: children }, (_, i) => ({
      id: id(13, i + 1),
      name: `Enterprise ${i + 1}`,
      parentId: reseller,
      allowOfferDelegation: false,
      apiKeys: [],
    })),
  ];
  const subscribers: { id: string; customerId: string; imsi: string; packageId: string | null }[] = customers.slice(1).flatMap((c, i) =>
    [0, 1, 2].map((k) => ({
      id: id(14, i * 3 + k + 1),
      customerId: c.id,
      imsi: String(222010100000000 + i * 3 + k),
      packageId: packages[k % 2]!.id,
    })),
  );
  for (let n = 0; n < own; n++) {
    subscribers.push({ id: id(15, n + 1), customerId: reseller, imsi: String(222010200000000 + n), packageId: null });
  }
  const config = (n: number, name: string, entityType: string) => ({ id: id(16, n), ownerId: reseller, name, displayName: null, description: null, entityType, isSearchable: false });
  const externalParamConfigs = [config(1, "assetTag", "SUBSCRIBER"), config(2, "site", "SUBSCRIBER"), config(3, "crmId", "CUSTOMER")];
  const externalParamValues = [
    ...subscribers.filter((_, i) => i % 2 === 0).map((sub) => ({ configId: id(16, 1), entityId: sub.id, value: `tag-${sub.imsi}` })),
    ...customers.slice(1).filter((_, i) => i % 2 === 0).map((c) => ({ configId: id(16, 3), entityId: c.id, value: `crm-${c.name}` })),
  ];
  const identifiers = { iccid: null, msisdn: null, imei: null, imeisv: null };
  return { customers, offers, packages, subscribers: subscribers.map((sub) => ({ ...identifiers, ...sub })), externalParamConfigs, externalParamValues };
}

const PARAMS = `externalParams { value config { id name } }`;

const NESTED = `{ viewer { subCustomers(first: 50) { nodes { subscribers(first: 50) { nodes { package { nestedOffers { name } } } } } } } }`;

describe("DataLoaders", () => {
  let t: TestServer | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  async function statementsFor(children: number): Promise<number> {
    t = await startTestServer({ world: wideWorld(children) });
    const before = t.db.statements();
    const res = await t.gql({ key: "wide-world-reseller-key-01" }, NESTED);
    const after = t.db.statements();
    expect(res.body.errors).toBeUndefined();
    const nodes = res.body.data.viewer.subCustomers.nodes;
    expect(nodes).toHaveLength(children);
    expect(nodes.flatMap((n: any) => n.subscribers.nodes)).toHaveLength(children * 3);
    await t.close();
    t = undefined;
    return after - before;
  }

  async function statementsOf(world: unknown, query: string): Promise<{ statements: number; data: any }> {
    t = await startTestServer({ world });
    const before = t.db.statements();
    const res = await t.gql({ key: "wide-world-reseller-key-01" }, query);
    const after = t.db.statements();
    expect(res.body.errors).toBeUndefined();
    await t.close();
    t = undefined;
    return { statements: after - before, data: res.body.data };
  }

  it("reads the externalParams of a page of 100 subscribers in as many statements as those of 2", async () => {
    const query = `{ viewer { subscribers(first: 100) { nodes { id ${PARAMS} } } } }`;
    const two = await statementsOf(wideWorld(0, 2), query);
    const hundred = await statementsOf(wideWorld(0, 100), query);
    const nodes = hundred.data.viewer.subscribers.nodes;
    expect(nodes).toHaveLength(100);
    expect(nodes[0].externalParams.map((p: any) => [p.config.name, p.value])).toEqual([["assetTag", "tag-222010200000000"], ["site", null]]);
    expect(nodes[1].externalParams.map((p: any) => p.value)).toEqual([null, null]);
    expect(two.statements).toBe(hundred.statements);
    // The key, the page, the SIMs' customer (the owner check), the configs, the values.
    expect(two.statements).toBe(5);
  });

  it("reads externalParams of customers and of their subscribers in as many statements for 2 or 50 children", async () => {
    const query = `{ viewer { subCustomers(first: 50) { nodes { ${PARAMS} subscribers(first: 3) { nodes { ${PARAMS} } } } } } }`;
    const two = await statementsOf(wideWorld(2), query);
    const fifty = await statementsOf(wideWorld(50), query);
    const children = fifty.data.viewer.subCustomers.nodes;
    expect(children).toHaveLength(50);
    expect(children[0].externalParams).toEqual([{ value: "crm-Enterprise 1", config: { id: id(16, 3), name: "crmId" } }]);
    expect(children.flatMap((c: any) => c.subscribers.nodes).filter((s: any) => s.externalParams[0].value !== null)).toHaveLength(75);
    expect(two.statements).toBe(fifty.statements);
  });

  it("costs the same number of statements with 2 or 50 children", async () => {
    const two = await statementsFor(2);
    const fifty = await statementsFor(50);
    expect(two).toBe(fifty);
    // The key, the sub-customers' page, their subscribers' pages, the packages, their offers:
    // each a statement, counted whether Drizzle or better-sqlite3 runs it (raw-statements.ts).
    expect(two).toBe(5);
  });
});

describe("Packages of a page of subscribers", () => {
  let t: TestServer | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  async function run(query: string): Promise<{ statements: number; data: any }> {
    t = await startTestServer({ world: wideWorld(4) });
    const before = t.db.statements();
    const res = await t.gql({ key: "wide-world-reseller-key-01" }, query);
    const statements = t.db.statements() - before;
    expect(res.body.errors).toBeUndefined();
    await t.close();
    t = undefined;
    return { statements, data: res.body.data };
  }

  const packagesOf = (data: any) =>
    data.viewer.subCustomers.nodes.flatMap((c: any) => (c.subscribers.nodes ?? c.subscribers.edges.map((e: any) => e.node)).map((s: any) => s.package?.name));

  it("are read once for every page when asked for, through named and inline fragments too", async () => {
    const direct = await run(`{ viewer { subCustomers { nodes { subscribers { nodes { imsi package { name } } } } } } }`);
    const fragments = await run(`{ viewer { subCustomers { nodes { subscribers { ...Sims } } } } }
      fragment Sims on SubscriberConnection { edges { node { ... on Subscriber { imsi package { name } } } } }`);
    // Each enterprise's SIMs alternate between the two packages (wideWorld).
    const expected = Array.from({ length: 4 }, () => ["Package 1", "Package 2", "Package 1"]).flat();
    expect(packagesOf(direct.data)).toEqual(expected);
    expect(packagesOf(fragments.data)).toEqual(expected);
    // The key, the sub-customers' page, the subscribers' pages, the packages.
    expect(direct.statements).toBe(4);
    expect(fragments.statements).toBe(4);
  });

  it("are not read when the page does not ask for them", async () => {
    const { statements, data } = await run(`{ viewer { subCustomers { nodes { subscribers { nodes { imsi packageOffers: offers { priority } } } } } } }`);
    expect(data.viewer.subCustomers.nodes.flatMap((c: any) => c.subscribers.nodes)).toHaveLength(12);
    // The key, the sub-customers' page, the subscribers' pages, their offers: no package read.
    expect(statements).toBe(4);
  });
});

describe("DataLoaders with orderBy and filters", () => {
  let t: TestServer | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  // Each child's subscribers newest first, narrowed by a package and an IMSI prefix, those
  // without a package counted, and the reseller's FAILED Requests latest first.
  const ORDERED = `{ viewer {
    requests(first: 5, orderBy: { field: CREATED_AT, direction: DESC }, filter: { status: FAILED }) { totalCount nodes { id } }
    subCustomers(first: 50) { nodes {
      newest: subscribers(first: 1, orderBy: { field: CREATED_AT, direction: DESC },
        filter: { packageId: "${id(12, 1)}", identifierPrefix: { type: IMSI, prefix: "2220101" } }) { totalCount nodes { id } }
      bare: subscribers(filter: { withoutPackage: true }) { totalCount }
      requests(orderBy: { field: CREATED_AT, direction: DESC }, filter: { operation: ATTACH_OFFER }) { totalCount }
    } }
  } }`;

  async function run(children: number): Promise<{ statements: number; data: any }> {
    t = await startTestServer({ world: wideWorld(children) });
    const before = t.db.statements();
    const res = await t.gql({ key: "wide-world-reseller-key-01" }, ORDERED);
    const statements = t.db.statements() - before;
    expect(res.body.errors).toBeUndefined();
    await t.close();
    t = undefined;
    return { statements, data: res.body.data };
  }

  it("costs the same number of statements with 2 or 50 children, one page and one count per list", async () => {
    const two = await run(2);
    const fifty = await run(50);
    const children = fifty.data.viewer.subCustomers.nodes;
    expect(children).toHaveLength(50);
    // The first and third of each child's subscribers have package 1: the newest is the third.
    expect(children[0].newest).toEqual({ totalCount: 2, nodes: [{ id: id(14, 3) }] });
    expect(children[49].newest).toEqual({ totalCount: 2, nodes: [{ id: id(14, 150) }] });
    expect(children.every((c: any) => c.bare.totalCount === 0 && c.requests.totalCount === 0)).toBe(true);
    expect(fifty.data.viewer.requests).toEqual({ totalCount: 0, nodes: [] });
    expect(two.statements).toBe(fifty.statements);
    // The key, the sub-customers' page, then a page and a count for each of newest, bare and
    // the viewer's requests; a sub-customer's requests are empty without a statement.
    expect(two.statements).toBe(8);
  });
});

