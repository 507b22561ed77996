/** externalParamsConfig (SPEC section 2 row 7; seed get-customer-external-params-config.txt). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/server";
import { C, MISSING, O, P, S, X, type CustomerName } from "../helpers/world";

const CONFIG = `query($customerId: UUID!, $entity: ExternalParamEntity!, $entityId: UUID!, $first: Int, $after: String) {
  externalParamsConfig(customerId: $customerId, entity: $entity, entityId: $entityId, first: $first, after: $after) {
    __typename
    ... on ExternalParamConfigConnection { totalCount nodes { id name displayName description entityType isSearchable value } pageInfo { hasNextPage endCursor } }
    ... on ErrorResult { code message }
    ... on EntityNotFound { entity entityId }
    ... on ValidationFailed { issues { path } }
  }
}`;

describe("externalParamsConfig", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  const config = async (as: CustomerName, customerId: string, entity: string, entityId: string, extra: Record<string, unknown> = {}) =>
    (await t.gql(as, CONFIG, { customerId, entity, entityId, ...extra })).body.data.externalParamsConfig;

  it("returns the requester's configs for a sub-account with that sub-account's values", async () => {
    expect(await config("RA", C.RA, "CUSTOMER", C.EA1)).toMatchObject({
      __typename: "ExternalParamConfigConnection",
      totalCount: 1,
      nodes: [{ id: X.RA_CUSTOMER, name: "costCenter", displayName: "Cost center", description: "Billing cost center", entityType: "CUSTOMER", isSearchable: true, value: "CC-001" }],
    });
  });

  it("accepts the requester itself as the entity; a missing value is null", async () => {
    expect((await config("RA", C.RA, "CUSTOMER", C.RA)).nodes).toEqual([expect.objectContaining({ id: X.RA_CUSTOMER, value: null })]);
  });

  it("lists non-searchable configs too, for subscribers of the requester and of sub-accounts", async () => {
    const sub = await config("RA", C.RA, "SUBSCRIBER", S.EA1_1.id);
    expect(sub.nodes.map((n: { name: string; value: string | null; isSearchable: boolean }) => [n.name, n.value, n.isSearchable])).toEqual([
      ["externalSubscriberId", "EXT-1", true],
      ["internalNote", "note", false],
    ]);
    const own = await config("RA", C.RA, "SUBSCRIBER", S.RA_1.id);
    expect(own.nodes.map((n: { value: string | null }) => n.value)).toEqual([null, null]);
  });

  it("maps entity PLAN to configs of entity type OFFER", async () => {
    expect((await config("RA", C.RA, "PLAN", O.RA_REG1)).nodes).toEqual([
      expect.objectContaining({ id: X.RA_OFFER, name: "systemName", entityType: "OFFER", isSearchable: false, value: "billing-A" }),
    ]);
    expect((await config("RA", C.RA, "PACKAGE", P.RA_BASIC)).nodes).toEqual([expect.objectContaining({ id: X.RA_PACKAGE, value: null })]);
  });

  it("refuses a sub-account's id as customerId with CustomerNotRequester / CUSTOMER_1019", async () => {
    expect(await config("RA", C.EA1, "CUSTOMER", C.EA1)).toEqual({
      __typename: "CustomerNotRequester",
      code: "CUSTOMER_1019",
      message: "Failed to retrieve external params config details",
    });
  });

  it("refuses another tenant's customer id exactly like an unknown one (CUSTOMER_1002)", async () => {
    const other = await config("RA", C.RB, "CUSTOMER", C.RB);
    expect(other).toEqual({ __typename: "CustomerNotFound", code: "CUSTOMER_1002", message: "Customer does not exist" });
    expect(await config("RA", MISSING, "CUSTOMER", C.RB)).toEqual(other);
  });

  it.each([
    ["a grandchild", "CUSTOMER", C.DA1],
    ["its parent", "CUSTOMER", C.OP],
    ["another tenant", "CUSTOMER", C.EB1],
    ["a grandchild's subscriber", "SUBSCRIBER", S.DA1_1.id],
    ["another tenant's subscriber", "SUBSCRIBER", S.EB1_1.id],
    ["a sub-account's offer", "PLAN", O.EA1_REG1],
    ["the parent's offer", "PLAN", O.OP_REG1],
    ["the parent's package", "PACKAGE", P.OP_ALL],
    ["a package id given as a plan", "PLAN", P.RA_BASIC],
    ["an unknown id", "SUBSCRIBER", MISSING],
  ])("refuses %s as the entity with EntityNotFound / CUSTOMER_1019", async (_label, entity, entityId) => {
    expect(await config("RA", C.RA, entity, entityId)).toEqual({
      __typename: "EntityNotFound",
      code: "CUSTOMER_1019",
      message: "Failed to retrieve external params config details",
      entity,
      entityId,
    });
  });

  it("pages with first/after and refuses a bad first", async () => {
    const first = await config("RA", C.RA, "SUBSCRIBER", S.EA1_1.id, { first: 1 });
    expect(first.nodes.map((n: { name: string }) => n.name)).toEqual(["externalSubscriberId"]);
    const second = await config("RA", C.RA, "SUBSCRIBER", S.EA1_1.id, { first: 1, after: first.pageInfo.endCursor });
    expect(second.nodes.map((n: { name: string }) => n.name)).toEqual(["internalNote"]);
    expect(second.pageInfo.hasNextPage).toBe(false);
    expect(await config("RA", C.RA, "SUBSCRIBER", S.EA1_1.id, { first: 1000 })).toMatchObject({ __typename: "ValidationFailed", issues: [{ path: "first" }] });
  });
});
