/**
 * DataLoaders: a nested query costs the same number of SQL statements
 * whatever the list sizes.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/server";

const id = (group: number, n: number) => `${group.toString(16).padStart(8, "0")}-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;

/** A reseller with `children` enterprises, each with 3 subscribers on one of 2 packages. */
function wideWorld(children: number) {
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
  const subscribers = customers.slice(1).flatMap((c, i) =>
    [0, 1, 2].map((k) => ({
      id: id(14, i * 3 + k + 1),
      customerId: c.id,
      imsi: String(222010100000000 + i * 3 + k),
      iccid: null,
      msisdn: null,
      imei: null,
      imeisv: null,
      packageId: packages[k % 2]!.id,
    })),
  );
  return { customers, offers, packages, subscribers, externalParamConfigs: [], externalParamValues: [] };
}

const NESTED = `{ viewer { subCustomers(first: 50) { nodes { subscribers(first: 50) { nodes { package { nestedOffers { name } } } } } } } }`;

describe("DataLoaders", () => {
  let t: TestServer | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  async function statementsFor(children: number): Promise<number> {
    t = await startTestServer({ world: wideWorld(children) });
    const before = t.handle.statements.count;
    const res = await t.gql({ key: "wide-world-reseller-key-01" }, NESTED);
    const after = t.handle.statements.count;
    expect(res.body.errors).toBeUndefined();
    const nodes = res.body.data.viewer.subCustomers.nodes;
    expect(nodes).toHaveLength(children);
    expect(nodes.flatMap((n: any) => n.subscribers.nodes)).toHaveLength(children * 3);
    await t.close();
    t = undefined;
    return after - before;
  }

  it("costs the same number of statements with 2 or 50 children", async () => {
    const two = await statementsFor(2);
    const fifty = await statementsFor(50);
    expect(two).toBe(fifty);
    // The key, the sub-customers' page, their subscribers' pages, the packages, their offers:
    // each a statement, counted whether Drizzle or better-sqlite3 runs it (raw-statements.ts).
    expect(two).toBe(5);
  });
});
