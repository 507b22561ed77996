/** myPackages (SPEC section 2 row 1; seed get-my-packages.txt). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/server";
import { C, MISSING, O, P, type CustomerName } from "../helpers/world";

const MY_PACKAGES = `query($customerId: UUID!, $first: Int, $after: String) {
  myPackages(customerId: $customerId, first: $first, after: $after) {
    __typename
    ... on PackageConnection { totalCount nodes { id name description nestedOffers { id } } pageInfo { hasNextPage endCursor } }
    ... on ErrorResult { code message }
    ... on ValidationFailed { issues { path message } }
  }
}`;

describe("myPackages", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  const myPackages = async (as: CustomerName, customerId: string, extra: Record<string, unknown> = {}) =>
    (await t.gql(as, MY_PACKAGES, { customerId, ...extra })).body.data.myPackages;
  const ids = (result: { nodes: { id: string }[] }) => result.nodes.map((n) => n.id);

  it("for the requester's own id: its parent's packages it is eligible for (Buy packages)", async () => {
    const result = await myPackages("RA", C.RA);
    expect(result.__typename).toBe("PackageConnection");
    expect(ids(result)).toEqual([P.OP_ALL, P.OP_RA]);
    expect(result.totalCount).toBe(2);
  });

  it("for a direct sub-customer: the requester's packages that sub-customer is eligible for", async () => {
    expect(ids(await myPackages("RA", C.EA1))).toEqual([P.RA_BASIC, P.RA_PREMIUM]);
    expect(ids(await myPackages("RA", C.EA2))).toEqual([P.RA_BASIC]);
  });

  it("keeps nested offers in package order", async () => {
    const result = await myPackages("RA", C.EA1);
    expect(result.nodes[1]).toEqual({
      id: P.RA_PREMIUM,
      name: "Package RA_PREMIUM",
      description: "The RA_PREMIUM package",
      nestedOffers: [{ id: O.RA_REG3 }, { id: O.RA_REG1 }],
    });
  });

  it("gives the root an empty list for its own id (it has no parent)", async () => {
    expect(await myPackages("OP", C.OP)).toMatchObject({ __typename: "PackageConnection", totalCount: 0, nodes: [] });
  });

  it.each([
    ["a grandchild (visible, not direct)", "RA", C.DA1],
    ["its parent", "EA1", C.RA],
    ["a sibling tenant", "RA", C.RB],
    ["a sibling tenant's sub-customer", "RA", C.EB1],
    ["an unknown id", "RA", MISSING],
  ] as const)("refuses %s with CustomerNotFound / CUSTOMER_1002", async (_label, as, id) => {
    expect(await myPackages(as, id)).toEqual({
      __typename: "CustomerNotFound",
      code: "CUSTOMER_1002",
      message: "Customer does not exist",
    });
  });

  it("answers another tenant's id exactly like an unknown id", async () => {
    const other = await t.gql("RA", MY_PACKAGES, { customerId: C.EB1 });
    const unknown = await t.gql("RA", MY_PACKAGES, { customerId: MISSING });
    expect(JSON.stringify(other.body).replace(C.EB1, "X")).toBe(JSON.stringify(unknown.body).replace(MISSING, "X"));
  });

  it("pages with first/after", async () => {
    const first = await myPackages("RA", C.EA1, { first: 1 });
    expect(ids(first)).toEqual([P.RA_BASIC]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await myPackages("RA", C.EA1, { first: 1, after: first.pageInfo.endCursor });
    expect(ids(second)).toEqual([P.RA_PREMIUM]);
    expect(second.pageInfo.hasNextPage).toBe(false);
    expect(second.totalCount).toBe(2);
  });

  it("refuses first over 100 and a bad cursor with ValidationFailed naming the argument", async () => {
    expect(await myPackages("RA", C.RA, { first: 101 })).toMatchObject({
      __typename: "ValidationFailed",
      code: "VALIDATION_FAILED",
      issues: [{ path: "first" }],
    });
    expect(await myPackages("RA", C.RA, { after: "garbage" })).toMatchObject({
      __typename: "ValidationFailed",
      issues: [{ path: "after" }],
    });
  });
});
