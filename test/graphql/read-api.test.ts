/**
 * The read API: viewer, customer, subscriber and request, connections,
 * and visibility: a customer sees itself and its descendants; anything else is null, exactly
 * as if it did not exist.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/server";
import { C, MISSING, O, P, S, type CustomerName } from "../helpers/world";

const CUSTOMER = `query($id: UUID!) { customer(id: $id) { id name } }`;
const SUBSCRIBER = `query($type: SubscriberIdentifierType!, $value: String!) {
  subscriber(identifier: { type: $type, value: $value }) { id imsi customer { id } }
}`;

describe("read API", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  const customer = async (as: CustomerName, id: string) => (await t.gql(as, CUSTOMER, { id })).body;
  const subscriberByImsi = async (as: CustomerName, value: string) =>
    (await t.gql(as, SUBSCRIBER, { type: "IMSI", value })).body;

  it("shows a customer itself and every descendant", async () => {
    for (const id of [C.RA, C.EA1, C.DA1, C.EA2]) {
      expect((await customer("RA", id)).data.customer.id).toBe(id);
    }
  });

  it.each([
    ["a sibling tenant", "RA", C.RB],
    ["a sibling tenant's child", "RA", C.EB1],
    ["its parent", "RA", C.OP],
    ["a parent's sibling", "EA1", C.RB],
    ["a sibling", "EA1", C.EA2],
    ["a parent's sibling's child", "EA1", C.EB1],
  ] as const)("answers null for %s, exactly as for an unknown id", async (_label, as, id) => {
    const hidden = await customer(as, id);
    const unknown = await customer(as, MISSING);
    expect(hidden).toEqual({ data: { customer: null } });
    expect(hidden).toEqual(unknown);
  });

  it("finds a visible subscriber by each identifier type", async () => {
    const cases = [
      ["IMSI", S.EA1_1.imsi, S.EA1_1.id],
      ["ICCID", S.EA1_2.iccid, S.EA1_2.id],
      ["MSISDN", `+${S.EA2_1.msisdn}`, S.EA2_1.id],
      ["IMEI", S.RA_1.imei, S.RA_1.id],
      ["IMEISV", S.RA_2.imeisv, S.RA_2.id],
    ];
    for (const [type, value, id] of cases) {
      const res = await t.gql("RA", SUBSCRIBER, { type, value });
      expect(res.body.data.subscriber?.id, `${type} ${value}`).toBe(id);
    }
  });

  it("answers null for a sibling tenant's subscriber, exactly as for an unknown one", async () => {
    const hidden = await subscriberByImsi("RA", S.EB1_1.imsi);
    expect(hidden).toEqual({ data: { subscriber: null } });
    expect(hidden).toEqual(await subscriberByImsi("RA", "222019999999999"));
  });

  it("does not let a sub-account read its parent's subscribers", async () => {
    const res = await t.gql("EA1", SUBSCRIBER, { type: "IMEI", value: S.RA_1.imei });
    expect(res.body).toEqual({ data: { subscriber: null } });
  });

  it("gives a parent's sibling and a sibling tenant nothing of each other's subscribers", async () => {
    expect((await subscriberByImsi("EB1", S.DA1_1.imsi)).data.subscriber).toBeNull();
    expect((await subscriberByImsi("DA1", S.EB1_1.imsi)).data.subscriber).toBeNull();
    expect((await subscriberByImsi("RB", S.EA1_1.imsi)).data.subscriber).toBeNull();
    expect((await subscriberByImsi("OP", S.EB1_1.imsi)).data.subscriber.id).toBe(S.EB1_1.id);
  });

  it("does not let a sub-account read its parent's subscribers through the parent either", async () => {
    const res = await t.gql(
      "EA1",
      `{ viewer { parent { id name subscribers(first: 100) { totalCount nodes { id } } subCustomers { totalCount } parent { id } } } }`,
    );
    expect(res.body.data.viewer.parent).toEqual({
      id: C.RA,
      name: "Customer RA",
      subscribers: { totalCount: 0, nodes: [] },
      subCustomers: { totalCount: 0 },
      parent: null,
    });
  });

  it("shows the parent's Buy plans and Buy packages, not its other offers and packages", async () => {
    const res = await t.gql(
      "EA2",
      `{ viewer { parent { offers(first: 100) { nodes { id } } packages(first: 100) { nodes { id eligibleSubAccounts { all customers { id } } } } } } }`,
    );
    const parent = res.body.data.viewer.parent;
    // RA's regular offers and the pool plan made for EA2, not the one made for EA1.
    expect(parent.offers.nodes.map((o: { id: string }) => o.id).sort()).toEqual(
      [O.RA_REG1, O.RA_REG2, O.RA_REG3, O.RA_POOL_EA2].sort(),
    );
    // RA_BASIC is for ALL; RA_PREMIUM is only for EA1, RA_NONE for nobody.
    expect(parent.packages.nodes).toEqual([{ id: P.RA_BASIC, eligibleSubAccounts: { all: true, customers: [] } }]);
  });

  it("lists only visible customers among a package's eligible sub-accounts", async () => {
    const res = await t.gql("EA1", `{ viewer { parent { packages { nodes { id eligibleSubAccounts { customers { id } } } } } } }`);
    const premium = res.body.data.viewer.parent.packages.nodes.find((p: { id: string }) => p.id === P.RA_PREMIUM);
    expect(premium.eligibleSubAccounts.customers).toEqual([{ id: C.EA1 }]);
  });

  it("pages through a connection with first/after, totalCount and pageInfo", async () => {
    const query = `query($after: String) { viewer { offers(first: 2, after: $after) {
      totalCount edges { cursor node { id } } nodes { id } pageInfo { hasNextPage endCursor } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const res = await t.gql("RA", query, { after });
      const offers: any = res.body.data.viewer.offers;
      expect(offers.totalCount).toBe(5);
      expect(offers.nodes.length).toBeLessThanOrEqual(2);
      expect(offers.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(offers.nodes.map((n: { id: string }) => n.id));
      seen.push(...offers.nodes.map((n: { id: string }) => n.id));
      if (!offers.pageInfo.hasNextPage) break;
      after = offers.pageInfo.endCursor;
    }
    // In creation order (the world file's order), each exactly once.
    expect(seen).toEqual([O.RA_REG1, O.RA_REG2, O.RA_REG3, O.RA_POOL_EA1, O.RA_POOL_EA2]);
  });

  it.each([
    ["first over 100", `{ viewer { offers(first: 101) { totalCount } } }`],
    ["negative first", `{ viewer { offers(first: -1) { totalCount } } }`],
  ])("refuses %s before anything runs, with PAGE_SIZE_OUT_OF_RANGE", async (_label, query) => {
    const res = await t.gql("RA", query);
    expect(res.status).toBe(400);
    expect(res.body.errors![0]!.extensions).toMatchObject({ code: "PAGE_SIZE_OUT_OF_RANGE", field: "Customer.offers", max: 100 });
  });

  it("refuses a cursor this API never made with a VALIDATION_FAILED error", async () => {
    const res = await t.gql("RA", `{ viewer { offers(after: "bm90LWEtY3Vyc29y") { totalCount } } }`);
    expect(res.status).toBe(200);
    expect(res.body.errors![0]!.extensions!.code).toBe("VALIDATION_FAILED");
  });

  it("reads a subscriber's package, nested offers and offers (highest priority first)", async () => {
    const res = await t.gql(
      "RA",
      `query($v: String!) { subscriber(identifier: { type: ICCID, value: $v }) {
        package { id name nestedOffers { id } owner { id } }
        offers { priority offer { id kind owner { id } } package { id } }
      } }`,
      { v: S.EA1_2.iccid },
    );
    const sub = res.body.data.subscriber;
    expect(sub.package).toEqual({ id: P.RA_PREMIUM, name: "Package RA_PREMIUM", nestedOffers: [{ id: O.RA_REG3 }, { id: O.RA_REG1 }], owner: { id: C.RA } });
    expect(sub.offers).toEqual([
      { priority: 2, offer: { id: O.RA_REG3, kind: "REGULAR", owner: { id: C.RA } }, package: { id: P.RA_PREMIUM } },
      { priority: 1, offer: { id: O.RA_REG1, kind: "REGULAR", owner: { id: C.RA } }, package: { id: P.RA_PREMIUM } },
    ]);
  });

  it("refuses a malformed identifier with a typed validation error naming the path", async () => {
    const res = await t.gql("RA", SUBSCRIBER, { type: "IMEI", value: "490154203237519" });
    expect(res.body.data.subscriber).toBeNull();
    expect(res.body.errors![0]!.extensions).toMatchObject({
      code: "VALIDATION_FAILED",
      issues: [{ path: "identifier.value", message: "IMEI check digit (Luhn) is wrong" }],
    });
  });

  it("answers request(id) with null for an id that is not the requester's", async () => {
    const res = await t.gql("RA", `query($id: UUID!) { request(id: $id) { id } }`, { id: MISSING });
    expect(res.body).toEqual({ data: { request: null } });
  });

  it("shows a pool plan's customer and kind", async () => {
    const res = await t.gql("RA", `{ viewer { offers(first: 10) { nodes { id kind poolCustomer { id } } } } }`);
    const pool = res.body.data.viewer.offers.nodes.find((o: { id: string }) => o.id === O.RA_POOL_EA1);
    expect(pool).toEqual({ id: O.RA_POOL_EA1, kind: "POOL", poolCustomer: { id: C.EA1 } });
  });
});
