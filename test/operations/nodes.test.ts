/**
 * node(id) and nodes(ids): any object by its id, for detail pages. Each type answers exactly
 * to whom its own rule shows it elsewhere in the API (SPEC section 2), and null to everyone
 * else, exactly as an id that names nothing. UUIDs in any letter case (SPEC section 4); at most
 * 100 ids per nodes call, refused before anything is read; the cost limit counts every id.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ATTACH_OFFER,
  CREATE_API_KEY,
  CREATE_EXTERNAL_PARAM_CONFIG,
  CREATE_OFFER,
  CREATE_PACKAGE,
  CREATE_SUB_CUSTOMER,
  CREATE_SUBSCRIBERS,
  RENAME_CUSTOMER,
  run,
} from "../helpers/management";
import { startTestServer, type TestServer } from "../helpers/server";
import { C, MISSING, O, P, S, X, type CustomerName } from "../helpers/world";

const NODE = `query($id: UUID!) { node(id: $id) { __typename id } }`;
const NODES = `query($ids: [UUID!]!) { nodes(ids: $ids) { __typename id } }`;
const REQUESTERS: CustomerName[] = ["OP", "RA", "EA1", "DA1", "EA2", "RB"];

/** Objects made through the API at the start: their ids are random UUIDs, so they hold letters. */
interface Made {
  customer: string;
  offer: string;
  package: string;
  subscriber: string;
  subscriberOffer: string;
  apiKey: string;
  config: string;
  requests: { ra: string; ea1: string };
}

describe("node and nodes", () => {
  let t: TestServer;
  let made: Made;
  /** An offer instance that came with RA_1's package (OP_ALL): on RA's own SIM. */
  let raInstance: string;
  /** The API key the world gave EA1. */
  let ea1Key: string;

  beforeAll(async () => {
    t = await startTestServer();
    const customer = await run(t, "RA", CREATE_SUB_CUSTOMER, { input: { name: "Node Co" } });
    const offer = await run(t, "RA", CREATE_OFFER, { input: { name: "Node plan", kind: "REGULAR" } });
    const pkg = await run(t, "RA", CREATE_PACKAGE, {
      customerId: C.RA,
      input: { name: "Node package", nestedOfferIds: [offer.offer.id], eligibleSubAccounts: { ids: [C.EA1] } },
    });
    const created = await run(t, "RA", CREATE_SUBSCRIBERS, { input: { items: [{ customerId: C.EA1, imsi: "222010000055001" }] } });
    const attached = await run(t, "RA", ATTACH_OFFER, {
      input: { subscriber: { type: "IMSI", value: "222010000055001" }, offerId: offer.offer.id },
    });
    const key = await run(t, "EA1", CREATE_API_KEY, { input: { label: "for DA1", customerId: C.DA1 } });
    const config = await run(t, "RA", CREATE_EXTERNAL_PARAM_CONFIG, {
      input: { name: "nodeTag", entityType: "SUBSCRIBER", isSearchable: true },
    });
    const renamed = await run(t, "EA1", RENAME_CUSTOMER, { input: { customerId: C.DA1, name: "Customer DA1" } });
    made = {
      customer: customer.customer.id,
      offer: offer.offer.id,
      package: pkg.package.id,
      subscriber: created.results[0].subscriber.id,
      subscriberOffer: attached.subscriberOffer.id,
      apiKey: key.apiKey.id,
      config: config.config.id,
      requests: { ra: customer.requestId, ea1: renamed.requestId },
    };
    raInstance = (await t.db.value<string>("SELECT id FROM subscriber_offers WHERE subscriber_id = ? LIMIT 1", S.RA_1.id))!;
    ea1Key = (await t.db.value<string>("SELECT id FROM api_keys WHERE customer_id = ?", C.EA1))!;
  });
  afterAll(() => t.close());

  const node = (as: CustomerName, id: string, query = NODE) => t.gql(as, query, { id });

  /**
   * Each object, its type and who sees it (everyone else gets null): written out from SPEC
   * section 2 and the README's Rules, as the other operations show them.
   */
  const objects = (): [string, string, string, CustomerName[]][] => [
    ["a customer: itself and its ancestors", "Customer", C.EA1, ["OP", "RA", "EA1"]],
    ["a customer: never to its sub-accounts (a parent is a counterparty)", "Customer", C.RA, ["OP", "RA"]],
    ["a new sub-customer", "Customer", made.customer, ["OP", "RA"]],
    ["a regular plan: its owner's tree and the owner's sub-accounts (Buy plan)", "Offer", O.RA_REG1, ["OP", "RA", "EA1", "EA2"]],
    ["a pool plan: to the sub-account it was made for only", "Offer", O.RA_POOL_EA1, ["OP", "RA", "EA1"]],
    ["a sub-account's plan: a Buy plan of its own sub-account", "Offer", O.EA1_REG1, ["OP", "RA", "EA1", "DA1"]],
    ["a new plan", "Offer", made.offer, ["OP", "RA", "EA1", "EA2"]],
    ["a package for listed sub-accounts: to those eligible", "Package", P.RA_PREMIUM, ["OP", "RA", "EA1"]],
    ["a package no one is eligible for", "Package", P.RA_NONE, ["OP", "RA"]],
    ["a package for ALL: every direct sub-account, never a grandchild", "Package", P.OP_ALL, ["OP", "RA", "RB"]],
    ["a new package", "Package", made.package, ["OP", "RA", "EA1"]],
    ["a subscriber: its customer and that customer's ancestors", "Subscriber", S.EA1_1.id, ["OP", "RA", "EA1"]],
    ["a parent's subscriber", "Subscriber", S.RA_1.id, ["OP", "RA"]],
    ["a new subscriber", "Subscriber", made.subscriber, ["OP", "RA", "EA1"]],
    ["an offer instance: as its subscriber", "SubscriberOffer", made.subscriberOffer, ["OP", "RA", "EA1"]],
    ["an offer instance on a parent's subscriber", "SubscriberOffer", raInstance, ["OP", "RA"]],
    ["a request: only its requester, not its parent", "Request", made.requests.ea1, ["EA1"]],
    ["a request: only its requester, not its sub-accounts nor its parent", "Request", made.requests.ra, ["RA"]],
    ["an API key: its holder and the holder's parent", "ApiKey", ea1Key, ["RA", "EA1"]],
    ["a sub-account's API key, made by its parent", "ApiKey", made.apiKey, ["EA1", "DA1"]],
    ["an external param config: its owner only", "ExternalParamConfig", X.RA_SUBSCRIBER, ["RA"]],
    ["a new external param config", "ExternalParamConfig", made.config, ["RA"]],
  ];

  it("answers each type to whom its rule shows it, and null to everyone else, exactly as an unknown id", async () => {
    const unknown = await node("RA", MISSING);
    expect(unknown.status).toBe(200);
    expect(unknown.body).toEqual({ data: { node: null } });
    const wrong: string[] = [];
    const seen = new Set<string>();
    for (const [label, type, id, visibleTo] of objects()) {
      for (const as of REQUESTERS) {
        const res = await node(as, id);
        const expected = visibleTo.includes(as) ? { data: { node: { __typename: type, id } } } : unknown.body;
        if (res.status !== 200 || JSON.stringify(res.body) !== JSON.stringify(expected)) {
          wrong.push(`${label} as ${as}: ${res.status} ${JSON.stringify(res.body)}`);
        }
        seen.add(`${type} ${visibleTo.includes(as) ? "visible" : "invisible"}`);
      }
    }
    expect(wrong).toEqual([]);
    // Every type was asked for by someone who sees it and by someone who does not.
    const types = ["Customer", "Offer", "Package", "Subscriber", "SubscriberOffer", "Request", "ApiKey", "ExternalParamConfig"];
    expect([...seen].sort()).toEqual(types.flatMap((type) => [`${type} invisible`, `${type} visible`]).sort());
  });

  it("answers unknown ids with null, for every requester", async () => {
    for (const as of REQUESTERS) expect((await node(as, MISSING)).body).toEqual({ data: { node: null } });
    expect((await t.gql("RA", NODES, { ids: [MISSING, "00000000-0000-4000-8000-000000000000"] })).body).toEqual({ data: { nodes: [null, null] } });
  });

  it("answers each type's own fields, and its object graph as the other reads do", async () => {
    const offer = await node(
      "EA1",
      O.RA_POOL_EA1,
      `query($id: UUID!) { node(id: $id) { ... on Offer { name kind owner { id name } poolCustomer { id } } } }`,
    );
    // The owner of a Buy plan is the parent, seen as a counterparty.
    expect(offer.body.data.node).toEqual({ name: "Offer RA_POOL_EA1", kind: "POOL", owner: { id: C.RA, name: "Customer RA" }, poolCustomer: { id: C.EA1 } });

    const subscriber = await node(
      "EA1",
      made.subscriber,
      `query($id: UUID!) { node(id: $id) { ... on Subscriber { imsi customer { id } package { id } offers { id offer { id } attachedBy { id } } } } }`,
    );
    expect(subscriber.body.data.node).toEqual({
      imsi: "222010000055001",
      customer: { id: C.EA1 },
      package: null,
      offers: [{ id: made.subscriberOffer, offer: { id: made.offer }, attachedBy: { id: C.RA } }],
    });

    const pkg = await node(
      "EA1",
      made.package,
      `query($id: UUID!) { node(id: $id) { ... on Package { name owner { id } nestedOffers { id } eligibleSubAccounts { all customers { id } } } } }`,
    );
    expect(pkg.body.data.node).toEqual({
      name: "Node package",
      owner: { id: C.RA },
      nestedOffers: [{ id: made.offer }],
      eligibleSubAccounts: { all: false, customers: [{ id: C.EA1 }] },
    });

    const request = await node("EA1", made.requests.ea1, `query($id: UUID!) { node(id: $id) { ... on Request { operation status code } } }`);
    expect(request.body.data.node).toEqual({ operation: "RENAME_CUSTOMER", status: "SUCCEEDED", code: null });

    const key = await node("EA1", made.apiKey, `query($id: UUID!) { node(id: $id) { ... on ApiKey { label revokedAt } } }`);
    expect(key.body.data.node).toEqual({ label: "for DA1", revokedAt: null });

    // A config asked for by id carries no entity, so no value.
    const config = await node(
      "RA",
      X.RA_CUSTOMER,
      `query($id: UUID!) { node(id: $id) { ... on ExternalParamConfig { name entityType isSearchable value } } }`,
    );
    expect(config.body.data.node).toEqual({ name: "costCenter", entityType: "CUSTOMER", isSearchable: true, value: null });

    const customer = await node("RA", C.EA1, `query($id: UUID!) { node(id: $id) { ... on Customer { name parent { id } subCustomers { nodes { id } } } } }`);
    expect(customer.body.data.node).toEqual({ name: "Customer EA1", parent: { id: C.RA }, subCustomers: { nodes: [{ id: C.DA1 }] } });
  });

  it("takes ids in any letter case and answers them in lower case, visible or not", async () => {
    const ids = [made.customer, made.offer, made.package, made.subscriber, made.subscriberOffer, made.requests.ra, made.apiKey, made.config];
    for (const id of ids) expect(id, "made ids carry letters").not.toBe(id.toUpperCase());
    const lower = await t.gql("RA", NODES, { ids: ids.filter((id) => id !== made.apiKey) });
    const upper = await t.gql("RA", NODES, { ids: ids.filter((id) => id !== made.apiKey).map((id) => id.toUpperCase()) });
    expect(upper.body).toEqual(lower.body);
    expect(lower.body.data.nodes.map((n: { __typename: string }) => n.__typename)).toEqual([
      "Customer",
      "Offer",
      "Package",
      "Subscriber",
      "SubscriberOffer",
      "Request",
      "ExternalParamConfig",
    ]);
    const mixed = [...made.apiKey].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join("");
    expect((await node("EA1", mixed)).body).toEqual({ data: { node: { __typename: "ApiKey", id: made.apiKey } } });
    // Upper case changes nothing for what the requester cannot see either.
    for (const id of ids) expect((await node("RB", id.toUpperCase())).body, id).toEqual({ data: { node: null } });
  });

  it("answers nodes position by position, in the order given, with null where nothing is visible, repeats included", async () => {
    const res = await t.gql("EA1", NODES, {
      ids: [C.DA1, MISSING, C.RA, O.RA_POOL_EA1, made.subscriberOffer.toUpperCase(), X.RA_SUBSCRIBER, made.requests.ea1, C.DA1],
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      data: {
        nodes: [
          { __typename: "Customer", id: C.DA1 },
          null,
          null,
          { __typename: "Offer", id: O.RA_POOL_EA1 },
          { __typename: "SubscriberOffer", id: made.subscriberOffer },
          null,
          { __typename: "Request", id: made.requests.ea1 },
          { __typename: "Customer", id: C.DA1 },
        ],
      },
    });
    expect((await t.gql("EA1", NODES, { ids: [] })).body).toEqual({ data: { nodes: [] } });
  });

  /** The SQL statements one call runs (the key check included). */
  async function statementsOf(document: string, variables: Record<string, unknown>) {
    const before = t.db.statements();
    const res = await t.gql("RA", document, variables);
    return { res, statements: t.db.statements() - before };
  }

  it("takes at most 100 ids: more is a VALIDATION_FAILED error naming ids, before anything is read", async () => {
    const hundred = Array.from({ length: 100 }, (_, i) => (i === 0 ? C.EA1 : `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`));
    const ok = await t.gql("RA", NODES, { ids: hundred });
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data.nodes).toHaveLength(100);
    expect(ok.body.data.nodes[0]).toEqual({ __typename: "Customer", id: C.EA1 });

    const none = await statementsOf(NODES, { ids: [] });
    const over = await statementsOf(NODES, { ids: [...hundred, MISSING] });
    expect(over.res.status).toBe(200);
    expect(over.res.body.data).toBeNull();
    expect(over.res.body.errors).toHaveLength(1);
    expect(over.res.body.errors![0]).toMatchObject({
      message: "ids: at most 100 ids per call, got 101: split them over several calls",
      path: ["nodes"],
      extensions: { code: "VALIDATION_FAILED", issues: [{ path: "ids", message: "at most 100 ids per call, got 101: split them over several calls" }] },
    });
    // Only the key check ran, as for an empty list: no lookup at all.
    expect(over.statements).toBe(none.statements);
  });

  it("reads once for aliased lookups in one query", async () => {
    const one = await statementsOf(`{ a: node(id: "${C.EA1}") { id } }`, {});
    const aliased = await statementsOf(`{ a: node(id: "${C.EA1}") { id } b: node(id: "${C.EA2}") { id } c: nodes(ids: ["${C.DA1}"]) { id } }`, {});
    expect(aliased.res.body).toEqual({ data: { a: { id: C.EA1 }, b: { id: C.EA2 }, c: [{ id: C.DA1 }] } });
    expect(aliased.statements).toBe(one.statements);
  });

  it("counts a nodes selection once per id against the cost limit", async () => {
    const document = `query($ids: [UUID!]!) { nodes(ids: $ids) { __typename ... on Customer { subscribers(first: 100) { nodes { id imsi iccid msisdn imei imeisv } } } } }`;
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);
    // 1 + 100 × (__typename + subscribers + nodes + 100 × 6 fields) = 60,301
    const refused = await t.gql("RA", document, { ids: ids(100) });
    expect(refused.status).toBe(400);
    expect(refused.body.errors![0]!.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: "cost", value: 60_301 });
    const accepted = await t.gql("RA", document, { ids: ids(50) });
    expect(accepted.status).toBe(200);
    expect(accepted.body.data.nodes).toEqual(ids(50).map(() => null));
  });
});
