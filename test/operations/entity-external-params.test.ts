/**
 * An entity's externalParams and ExternalParamConfigEdge.value (SPEC section 2,
 * externalParamsConfig's rule): the requester's configs of the entity's type, in list order,
 * with that entity's values, on an entity the requester owns; none on any other it meets.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/server";
import { C, O, P, S, X, type CustomerName } from "../helpers/world";

const PARAMS = "externalParams { value config { id name entityType value } }";

describe("externalParams on customers, subscribers, offers and packages", () => {
  let t: TestServer;
  /** A CUSTOMER config RA creates after costCenter: listed after it. */
  let raRegion: string;
  beforeAll(async () => {
    t = await startTestServer();
    const create = async (as: CustomerName, name: string, entityType: string) => {
      const res = await t.gql(
        as,
        `mutation($i: CreateExternalParamConfigInput!) { createExternalParamConfig(input: $i) { __typename ... on CreateExternalParamConfigSuccess { config { id } } } }`,
        { i: { name, entityType, isSearchable: false } },
      );
      return res.body.data.createExternalParamConfig.config.id as string;
    };
    const set = async (as: CustomerName, configId: string, entityId: string, value: string) => {
      const res = await t.gql(as, `mutation($i: SetExternalParamValueInput!) { setExternalParamValue(input: $i) { __typename } }`, {
        i: { configId, entityId, value },
      });
      expect(res.body.data.setExternalParamValue.__typename).toBe("SetExternalParamValueSuccess");
    };
    raRegion = await create("RA", "region", "CUSTOMER");
    await set("RA", raRegion, C.EA2, "north");
    await set("RA", X.RA_PACKAGE, P.RA_PREMIUM, "gold");
    // EA1's own configs of every type, so that a list it must not see would not be empty.
    for (const type of ["CUSTOMER", "SUBSCRIBER", "OFFER", "PACKAGE"]) await create("EA1", `ea1${type}`, type);
  });
  afterAll(() => t.close());

  const query = async (as: CustomerName, document: string, variables?: Record<string, unknown>) => {
    const res = await t.gql(as, document, variables);
    expect(res.body.errors).toBeUndefined();
    return res.body.data;
  };
  const pairs = (params: { value: string | null; config: { name: string } }[]) => params.map((p) => [p.config.name, p.value]);

  it("lists a customer's values of all of the requester's CUSTOMER configs, oldest config first", async () => {
    const data = await query("RA", `{ viewer { ${PARAMS} } ea1: customer(id: "${C.EA1}") { ${PARAMS} } ea2: customer(id: "${C.EA2}") { ${PARAMS} } }`);
    expect(pairs(data.viewer.externalParams)).toEqual([["costCenter", null], ["region", null]]);
    expect(pairs(data.ea1.externalParams)).toEqual([["costCenter", "CC-001"], ["region", null]]);
    expect(pairs(data.ea2.externalParams)).toEqual([["costCenter", null], ["region", "north"]]);
    expect(data.ea1.externalParams[0].config).toEqual({ id: X.RA_CUSTOMER, name: "costCenter", entityType: "CUSTOMER", value: "CC-001" });
    expect(data.ea2.externalParams[1].config.id).toBe(raRegion);
  });

  it("lists a subscriber's values of the requester's SUBSCRIBER configs, searchable or not", async () => {
    const data = await query("RA", `{ viewer { subscribers { nodes { id ${PARAMS} } } } customer(id: "${C.EA1}") { subscribers { nodes { id ${PARAMS} } } } }`);
    const byId = new Map<string, any>([...data.viewer.subscribers.nodes, ...data.customer.subscribers.nodes].map((s: any) => [s.id, s.externalParams]));
    expect(pairs(byId.get(S.EA1_1.id))).toEqual([["externalSubscriberId", "EXT-1"], ["internalNote", "note"]]);
    expect(pairs(byId.get(S.EA1_2.id))).toEqual([["externalSubscriberId", null], ["internalNote", null]]);
    expect(pairs(byId.get(S.RA_1.id))).toEqual([["externalSubscriberId", null], ["internalNote", null]]);
    expect(byId.get(S.EA1_1.id).map((p: any) => p.config.id)).toEqual([X.RA_SUBSCRIBER, X.RA_SUBSCRIBER_HIDDEN]);
  });

  it("lists an own offer's and an own package's values (entity PLAN is type OFFER)", async () => {
    const data = await query("RA", `{ viewer { offers { nodes { id ${PARAMS} } } packages { nodes { id ${PARAMS} } } } }`);
    const offers = new Map<string, any>(data.viewer.offers.nodes.map((o: any) => [o.id, o.externalParams]));
    const packages = new Map<string, any>(data.viewer.packages.nodes.map((p: any) => [p.id, p.externalParams]));
    expect(offers.get(O.RA_REG1)).toEqual([{ value: "billing-A", config: { id: X.RA_OFFER, name: "systemName", entityType: "OFFER", value: "billing-A" } }]);
    expect(pairs(offers.get(O.RA_REG2))).toEqual([["systemName", null]]);
    expect(pairs(packages.get(P.RA_PREMIUM))).toEqual([["tier", "gold"]]);
    expect(pairs(packages.get(P.RA_BASIC))).toEqual([["tier", null]]);
  });

  it("answers the values externalParamsConfig answers, for every entity it accepts", async () => {
    const edges = `... on ExternalParamConfigConnection { edges { value node { id } } }`;
    for (const [entity, entityId, field] of [
      ["CUSTOMER", C.EA1, `customer(id: "${C.EA1}") { ${PARAMS} }`],
      ["SUBSCRIBER", S.EA1_1.id, `subscriber(identifier: { type: IMSI, value: "${S.EA1_1.imsi}" }) { ${PARAMS} }`],
      ["PLAN", O.RA_REG1, `node(id: "${O.RA_REG1}") { ... on Offer { ${PARAMS} } }`],
      ["PACKAGE", P.RA_PREMIUM, `node(id: "${P.RA_PREMIUM}") { ... on Package { ${PARAMS} } }`],
    ] as const) {
      const data = await query(
        "RA",
        `{ c: externalParamsConfig(customerId: "${C.RA}", entity: ${entity}, entityId: "${entityId}", first: 100) { ${edges} } e: ${field} }`,
      );
      const fromEdges = data.c.edges.map((e: any) => [e.node.id, e.value]);
      expect(fromEdges.length, entity).toBeGreaterThan(0);
      expect(data.e.externalParams.map((p: any) => [p.config.id, p.value]), entity).toEqual(fromEdges);
    }
  });

  it("shows none on an entity the requester sees but does not own", async () => {
    // RA: a grandchild, its parent, a grandchild's SIM, a sub-account's offer and package.
    const ra = await query(
      "RA",
      `{ viewer { parent { ${PARAMS} } }
         da1: customer(id: "${C.DA1}") { ${PARAMS} subscribers { nodes { id ${PARAMS} } } }
         ea1: customer(id: "${C.EA1}") { offers { nodes { id ${PARAMS} } } } }`,
    );
    expect(ra.viewer.parent.externalParams).toEqual([]);
    expect(ra.da1.externalParams).toEqual([]);
    expect(ra.da1.subscribers.nodes.map((s: any) => [s.id, s.externalParams])).toEqual([[S.DA1_1.id, []]]);
    expect(ra.ea1.offers.nodes.map((o: any) => [o.id, o.externalParams])).toEqual([[O.EA1_REG1, []]]);
    // EA1, with configs of every type of its own: its parent's offers and packages (Buy plans
    // and packages), its parent, and the parent's offer on its own SIM.
    const ea1 = await query(
      "EA1",
      `{ viewer { ${PARAMS} parent { ${PARAMS} offers { nodes { id ${PARAMS} } } } }
         myPackages(customerId: "${C.EA1}") { ... on PackageConnection { nodes { id ${PARAMS} nestedOffers { id ${PARAMS} } } } }
         subscriber(identifier: { type: IMSI, value: "${S.EA1_1.imsi}" }) { ${PARAMS} offers { offer { id ${PARAMS} } } package { id ${PARAMS} } } }`,
    );
    expect(pairs(ea1.viewer.externalParams)).toEqual([["ea1CUSTOMER", null]]);
    expect(pairs(ea1.subscriber.externalParams)).toEqual([["ea1SUBSCRIBER", null]]);
    expect(ea1.viewer.parent.externalParams).toEqual([]);
    const seen = [
      ...ea1.viewer.parent.offers.nodes,
      ...ea1.myPackages.nodes,
      ...ea1.myPackages.nodes.flatMap((p: any) => p.nestedOffers),
      ...ea1.subscriber.offers.map((i: any) => i.offer),
      ea1.subscriber.package,
    ];
    expect(seen.length).toBeGreaterThan(5);
    for (const entity of seen) expect(entity.externalParams, entity.id).toEqual([]);
  });

  it("is empty for a requester without configs of the type", async () => {
    const data = await query("EA2", `{ viewer { ${PARAMS} subscribers { nodes { ${PARAMS} } } } }`);
    expect(data.viewer.externalParams).toEqual([]);
    expect(data.viewer.subscribers.nodes.map((s: any) => s.externalParams)).toEqual([[]]);
  });

  it("puts externalParamsConfig's value on the edge, the same as the deprecated node value", async () => {
    const data = await query(
      "RA",
      `{ externalParamsConfig(customerId: "${C.RA}", entity: SUBSCRIBER, entityId: "${S.EA1_1.id}") {
           ... on ExternalParamConfigConnection { edges { cursor value node { id name value } } } } }`,
    );
    expect(data.externalParamsConfig.edges.map((e: any) => [e.node.name, e.value, e.node.value])).toEqual([
      ["externalSubscriberId", "EXT-1", "EXT-1"],
      ["internalNote", "note", "note"],
    ]);
    expect(data.externalParamsConfig.edges.every((e: any) => typeof e.cursor === "string")).toBe(true);
  });
});
