/** createPackage (SPEC section 2 row 2; seed create-customer-package.txt). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/server";
import { C, MISSING, O, P, type CustomerName } from "../helpers/world";

const CREATE = `mutation($customerId: UUID!, $input: CreatePackageInput!) {
  createPackage(customerId: $customerId, input: $input) {
    __typename
    ... on CreatePackageSuccess { requestId package { id name description owner { id } nestedOffers { id } eligibleSubAccounts { all customers { id } } } }
    ... on ErrorResult { code message }
    ... on ValidationFailed { issues { path message } }
    ... on OffersNotOwned { offerIds }
    ... on PoolOffersNotAllowedInPackage { offerIds }
    ... on NotDirectSubAccounts { customerIds }
    ... on PackageNameTaken { name packageId }
    ... on CustomerNotFound { customerId }
    ... on CustomerNotRequester { customerId }
  }
}`;

let counter = 0;
const input = (overrides: Record<string, unknown> = {}) => ({
  name: `Roaming ${++counter}`,
  description: "Basic roaming package description",
  nestedOfferIds: [O.RA_REG2, O.RA_REG1],
  eligibleSubAccounts: { ids: [C.EA1] },
  ...overrides,
});

describe("createPackage", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  const create = async (as: CustomerName, customerId: string, packageInput: Record<string, unknown>) =>
    (await t.gql(as, CREATE, { customerId, input: packageInput })).body.data.createPackage;
  const lastRequest = () =>
    t.db.row(`SELECT requester_id AS "requesterId", operation, status, code FROM requests ORDER BY ${t.db.insertionOrder} DESC LIMIT 1`);

  it("creates a package of the requester's offers for its sub-accounts, in offer order", async () => {
    const result = await create("RA", C.RA, input({ name: "  Basic roaming package  " }));
    expect(result.__typename).toBe("CreatePackageSuccess");
    expect(result.package).toMatchObject({
      name: "Basic roaming package",
      description: "Basic roaming package description",
      owner: { id: C.RA },
      nestedOffers: [{ id: O.RA_REG2 }, { id: O.RA_REG1 }],
      eligibleSubAccounts: { all: false, customers: [{ id: C.EA1 }] },
    });
    // The sub-account sees it among the packages allocated to it; the other does not.
    const forEa1 = await t.gql("RA", `{ myPackages(customerId: "${C.EA1}", first: 100) { ... on PackageConnection { nodes { id } } } }`);
    expect(forEa1.body.data.myPackages.nodes.map((n: { id: string }) => n.id)).toContain(result.package.id);
    const forEa2 = await t.gql("RA", `{ myPackages(customerId: "${C.EA2}", first: 100) { ... on PackageConnection { nodes { id } } } }`);
    expect(forEa2.body.data.myPackages.nodes.map((n: { id: string }) => n.id)).not.toContain(result.package.id);
    // The requestId is a Request record the requester can read.
    const request = await t.gql("RA", `query($id: UUID!) { request(id: $id) { id operation status code createdAt completedAt } }`, { id: result.requestId });
    expect(request.body.data.request).toMatchObject({ id: result.requestId, operation: "CREATE_PACKAGE", status: "SUCCEEDED", code: null });
    expect(request.body.data.request.completedAt).toBeTruthy();
    // ...and nobody else can.
    const other = await t.gql("EA1", `query($id: UUID!) { request(id: $id) { id } }`, { id: result.requestId });
    expect(other.body.data.request).toBeNull();
  });

  it("makes a package eligible to ALL sub-accounts, present and future", async () => {
    const result = await create("RA", C.RA, input({ eligibleSubAccounts: { all: true } }));
    expect(result.package.eligibleSubAccounts).toEqual({ all: true, customers: [] });
  });

  it("accepts an empty eligible list: no sub-account is eligible", async () => {
    const result = await create("RA", C.RA, input({ eligibleSubAccounts: { ids: [] } }));
    expect(result.package.eligibleSubAccounts).toEqual({ all: false, customers: [] });
  });

  it("refuses a sub-account's id as customerId (never for its own use) with CustomerNotRequester", async () => {
    expect(await create("RA", C.EA1, input())).toEqual({
      __typename: "CustomerNotRequester",
      code: "CUSTOMER_1002",
      message: "Customer does not exist",
      customerId: C.EA1,
    });
  });

  it.each([
    ["another tenant's id", C.RB],
    ["its parent's id", C.OP],
    ["an unknown id", MISSING],
  ])("refuses %s with CustomerNotFound, identical to an unknown id", async (_label, id) => {
    expect(await create("RA", id, input())).toEqual({
      __typename: "CustomerNotFound",
      code: "CUSTOMER_1002",
      message: "Customer does not exist",
      customerId: id,
    });
  });

  it("refuses nested offers that are not the requester's own, naming them", async () => {
    const offerIds = [O.RA_REG1, O.EA1_REG1, O.OP_REG1, O.RB_REG1, MISSING];
    const result = await create("RA", C.RA, input({ nestedOfferIds: offerIds }));
    expect(result).toEqual({
      __typename: "OffersNotOwned",
      code: "VALIDATION_FAILED",
      message: "Nested offers must be your own offers",
      offerIds: [O.EA1_REG1, O.OP_REG1, O.RB_REG1, MISSING],
    });
  });

  it("refuses pool plans in a package", async () => {
    const result = await create("RA", C.RA, input({ nestedOfferIds: [O.RA_REG1, O.RA_POOL_EA1] }));
    expect(result).toMatchObject({ __typename: "PoolOffersNotAllowedInPackage", offerIds: [O.RA_POOL_EA1] });
  });

  it("refuses eligible ids that are not direct sub-accounts (the requester itself never is)", async () => {
    const customerIds = [C.EA1, C.DA1, C.RA, C.RB, MISSING];
    const result = await create("RA", C.RA, input({ eligibleSubAccounts: { ids: customerIds } }));
    expect(result).toEqual({
      __typename: "NotDirectSubAccounts",
      code: "VALIDATION_FAILED",
      message: "Eligible sub-accounts must be your direct sub-accounts",
      customerIds: [C.DA1, C.RA, C.RB, MISSING],
    });
  });

  it("refuses a name already used by the owner, compared trimmed and case-insensitively", async () => {
    const result = await create("RA", C.RA, input({ name: "  package ra_BASIC " }));
    expect(result).toMatchObject({ __typename: "PackageNameTaken", name: "package ra_BASIC", packageId: P.RA_BASIC });
  });

  it("allows the same name under another owner", async () => {
    const result = await create("RB", C.RB, { ...input({ name: "Package RA_BASIC" }), nestedOfferIds: [O.RB_REG1], eligibleSubAccounts: { all: true } });
    expect(result.__typename).toBe("CreatePackageSuccess");
  });

  it("records a refused call as a FAILED request with its code", async () => {
    await create("RA", C.RA, input({ nestedOfferIds: [O.RB_REG1] }));
    expect(await lastRequest()).toMatchObject({ requesterId: C.RA, operation: "createPackage", status: "FAILED", code: "VALIDATION_FAILED" });
    await create("RA", C.EA1, input());
    expect(await lastRequest()).toMatchObject({ status: "FAILED", code: "CUSTOMER_1002" });
  });

  it.each([
    ["an empty offer list", { nestedOfferIds: [] }, "input.nestedOfferIds"],
    ["a repeated offer", { nestedOfferIds: [O.RA_REG1, O.RA_REG1] }, "input.nestedOfferIds[1]"],
    ["a blank name", { name: "   " }, "input.name"],
    ["an over-long name", { name: "x".repeat(101) }, "input.name"],
    ["an over-long description", { description: "x".repeat(1001) }, "input.description"],
    ["both all and ids", { eligibleSubAccounts: { all: true, ids: [C.EA1] } }, "input.eligibleSubAccounts"],
    ["neither all nor ids", { eligibleSubAccounts: {} }, "input.eligibleSubAccounts"],
    ["all: false", { eligibleSubAccounts: { all: false } }, "input.eligibleSubAccounts.all"],
    ["a repeated eligible id", { eligibleSubAccounts: { ids: [C.EA1, C.EA1] } }, "input.eligibleSubAccounts.ids[1]"],
  ])("refuses %s with ValidationFailed naming the path, and changes nothing", async (_label, overrides, path) => {
    const before = await t.db.digest();
    const result = await create("RA", C.RA, input(overrides));
    expect(result).toMatchObject({ __typename: "ValidationFailed", code: "VALIDATION_FAILED", message: "The input is not valid" });
    expect(result.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect(await t.db.digest()).toBe(before);
  });

  it("refuses a malformed UUID in the input with a GraphQL validation error, changing nothing", async () => {
    const before = await t.db.digest();
    const res = await t.gql("RA", CREATE, { customerId: C.RA, input: input({ nestedOfferIds: ["not-a-uuid"] }) });
    expect(res.status).toBe(400);
    expect(res.body.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    expect(await t.db.digest()).toBe(before);
  });
});
