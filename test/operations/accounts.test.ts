/** The account tree through the API: createSubCustomer, renameCustomer, setOfferDelegation. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  ATTACH_OFFER,
  CREATE_SUB_CUSTOMER,
  RENAME_CUSTOMER,
  SET_OFFER_DELEGATION,
  requestOf,
  requestsRecordedBy,
  run,
  without,
} from "../helpers/management";
import { startTestServer, type TestServer } from "../helpers/server";
import { C, MISSING, O, S, type CustomerName } from "../helpers/world";

const CUSTOMER = `query($id: UUID!) { customer(id: $id) { id name allowOfferDelegation parent { id } } }`;
const SUB_CUSTOMERS = `{ viewer { id subCustomers(first: 100) { totalCount nodes { id name allowOfferDelegation } } } }`;

describe("createSubCustomer and renameCustomer", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  const customer = async (as: CustomerName, id: string) => (await t.gql(as, CUSTOMER, { id })).body.data.customer;
  const subCustomers = async (as: CustomerName) => (await t.gql(as, SUB_CUSTOMERS)).body.data.viewer.subCustomers;

  it("creates a direct sub-customer of the requester, listed in viewer.subCustomers and found by customer(id)", async () => {
    const before = await subCustomers("RA");
    const result = await run(t, "RA", CREATE_SUB_CUSTOMER, { input: { name: "  Newco Logistics  ", allowOfferDelegation: true } });
    expect(result).toEqual({
      __typename: "CreateSubCustomerSuccess",
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      customer: { id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: "Newco Logistics", allowOfferDelegation: true, parent: { id: C.RA } },
    });
    const id = result.customer.id;
    const after = await subCustomers("RA");
    expect(after.totalCount).toBe(before.totalCount + 1);
    expect(after.nodes.at(-1)).toEqual({ id, name: "Newco Logistics", allowOfferDelegation: true });
    expect(await customer("RA", id)).toEqual({ id, name: "Newco Logistics", allowOfferDelegation: true, parent: { id: C.RA } });
    // An ancestor sees it as a descendant; another tenant does not see it at all.
    expect((await customer("OP", id))?.parent).toEqual({ id: C.RA });
    expect(await customer("RB", id)).toBeNull();
    expect(await requestOf(t, "RA", result.requestId)).toMatchObject({ operation: "CREATE_SUB_CUSTOMER", status: "SUCCEEDED", code: null });
  });

  it("places the new customer under the requester, whoever it is, and defaults the delegation flag to false", async () => {
    const result = await run(t, "EA1", CREATE_SUB_CUSTOMER, { input: { name: "Fleet East" } });
    expect(result.customer).toMatchObject({ name: "Fleet East", allowOfferDelegation: false, parent: { id: C.EA1 } });
    expect((await subCustomers("EA1")).nodes.map((n: { id: string }) => n.id)).toEqual([C.DA1, result.customer.id]);
    // RA sees it as a grandchild, RA's own sub-customers are unchanged by it.
    expect(await customer("RA", result.customer.id)).toMatchObject({ parent: { id: C.EA1 } });
    expect((await subCustomers("RA")).nodes.map((n: { id: string }) => n.id)).not.toContain(result.customer.id);
  });

  it("lets the new customer take part at once: a direct sub-account can be made eligible for a package", async () => {
    const created = await run(t, "RA", CREATE_SUB_CUSTOMER, { input: { name: "Eligible Co" } });
    const pkg = await t.gql(
      "RA",
      `mutation($customerId: UUID!, $input: CreatePackageInput!) { createPackage(customerId: $customerId, input: $input) { __typename } }`,
      { customerId: C.RA, input: { name: "For Eligible Co", nestedOfferIds: [O.RA_REG1], eligibleSubAccounts: { ids: [created.customer.id] } } },
    );
    expect(pkg.body.data.createPackage.__typename).toBe("CreatePackageSuccess");
  });

  it.each([
    ["an empty name", ""],
    ["a blank name", "   \t "],
    ["a name over 200 characters", "x".repeat(201)],
  ])("refuses %s with ValidationFailed at input.name and changes nothing", async (_label, name) => {
    const before = await t.db.digest();
    const result = await run(t, "RA", CREATE_SUB_CUSTOMER, { input: { name } });
    expect(result).toEqual({
      __typename: "ValidationFailed",
      code: "VALIDATION_FAILED",
      message: "The input is not valid",
      issues: [{ path: "input.name", message: expect.any(String) }],
    });
    expect(await t.db.digest()).toBe(before);
  });

  it("accepts a name of exactly 200 characters", async () => {
    expect((await run(t, "RA", CREATE_SUB_CUSTOMER, { input: { name: "y".repeat(200) } })).customer.name).toBe("y".repeat(200));
  });

  it("renames the requester itself", async () => {
    const result = await run(t, "EA2", RENAME_CUSTOMER, { input: { customerId: C.EA2, name: " Enterprise A2 (renamed) " } });
    expect(result).toMatchObject({ __typename: "RenameCustomerSuccess", customer: { id: C.EA2, name: "Enterprise A2 (renamed)" } });
    expect((await t.gql("EA2", `{ viewer { name } }`)).body.data.viewer.name).toBe("Enterprise A2 (renamed)");
    expect(await requestOf(t, "EA2", result.requestId)).toMatchObject({ operation: "RENAME_CUSTOMER", status: "SUCCEEDED" });
  });

  it("renames a descendant deeper than a direct sub-customer", async () => {
    const result = await run(t, "RA", RENAME_CUSTOMER, { input: { customerId: C.DA1, name: "Department One" } });
    expect(result).toMatchObject({ __typename: "RenameCustomerSuccess", customer: { id: C.DA1, name: "Department One", parent: { id: C.EA1 } } });
    expect((await customer("EA1", C.DA1)).name).toBe("Department One");
  });

  it("answers another tenant's customer exactly like an unknown id, renaming nothing", async () => {
    const recorded = await requestsRecordedBy(t, async () => {
      const other = await run(t, "RA", RENAME_CUSTOMER, { input: { customerId: C.EB1, name: "Hijacked" } });
      const unknown = await run(t, "RA", RENAME_CUSTOMER, { input: { customerId: MISSING, name: "Hijacked" } });
      expect(other).toEqual({ __typename: "CustomerNotFound", code: "CUSTOMER_1002", message: "Customer does not exist", customerId: C.EB1 });
      expect(without(other, "customerId")).toEqual(without(unknown, "customerId"));
    });
    expect(recorded.map((r) => [r.operation, r.status, r.code])).toEqual([
      ["renameCustomer", "FAILED", "CUSTOMER_1002"],
      ["renameCustomer", "FAILED", "CUSTOMER_1002"],
    ]);
    expect((await customer("RB", C.EB1)).name).toBe("Customer EB1");
  });

  it("refuses the requester's parent (a counterparty, not visible) with CustomerNotFound", async () => {
    expect(await run(t, "RA", RENAME_CUSTOMER, { input: { customerId: C.OP, name: "Mine now" } })).toMatchObject({
      __typename: "CustomerNotFound",
      customerId: C.OP,
    });
    expect((await customer("OP", C.OP)).name).toBe("Customer OP");
  });

  it.each([
    ["a blank name", "  "],
    ["a name over 200 characters", "z".repeat(201)],
  ])("refuses a rename to %s with ValidationFailed at input.name and changes nothing", async (_label, name) => {
    const before = await t.db.digest();
    expect(await run(t, "RA", RENAME_CUSTOMER, { input: { customerId: C.EA1, name } })).toMatchObject({
      __typename: "ValidationFailed",
      code: "VALIDATION_FAILED",
      issues: [{ path: "input.name" }],
    });
    expect(await t.db.digest()).toBe(before);
  });
});

describe("setOfferDelegation", () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer();
  });
  afterEach(() => t.close());

  const delegation = (as: CustomerName, customerId: string, allowOfferDelegation: boolean) =>
    run(t, as, SET_OFFER_DELEGATION, { input: { customerId, allowOfferDelegation } });
  const flagOf = async (id: string) => (await t.gql("OP", CUSTOMER, { id })).body.data.customer.allowOfferDelegation;
  const attachMine = (as: CustomerName, subscriber: { type: string; value: string }, offerId: string) =>
    run(t, as, ATTACH_OFFER, { input: { subscriber, offerId, myOffer: true } });

  it("sets the flag on a direct sub-customer, which may then self-serve its parent's plans", async () => {
    const msisdn = { type: "MSISDN", value: S.EA2_1.msisdn };
    expect((await attachMine("EA2", msisdn, O.RA_REG1)).__typename).toBe("ParentPlanNotAllowed");
    const result = await delegation("RA", C.EA2, true);
    expect(result).toMatchObject({
      __typename: "SetOfferDelegationSuccess",
      customer: { id: C.EA2, allowOfferDelegation: true, parent: { id: C.RA } },
    });
    expect(await requestOf(t, "RA", result.requestId)).toMatchObject({ operation: "SET_OFFER_DELEGATION", status: "SUCCEEDED", code: null });
    expect(await flagOf(C.EA2)).toBe(true);
    expect(await attachMine("EA2", msisdn, O.RA_REG1)).toMatchObject({ __typename: "AttachOfferSuccess", subscriberOffer: { offer: { id: O.RA_REG1 } } });
  });

  it("clears the flag: the very next self-service attach is ParentPlanNotAllowed", async () => {
    const imsi = { type: "IMSI", value: S.EA1_3.imsi };
    expect((await attachMine("EA1", imsi, O.RA_REG1)).__typename).toBe("AttachOfferSuccess");
    expect(await delegation("RA", C.EA1, false)).toMatchObject({ __typename: "SetOfferDelegationSuccess", customer: { id: C.EA1, allowOfferDelegation: false } });
    expect(await flagOf(C.EA1)).toBe(false);
    expect(await attachMine("EA1", imsi, O.RA_REG2)).toEqual({
      __typename: "ParentPlanNotAllowed",
      code: "SUBSCRIBER_1027",
      message: "You are not allowed to attach parent customer plans to your own SIM cards",
    });
  });

  it.each([
    ["a grandchild", C.DA1],
    ["the requester itself", C.RA],
  ])("refuses %s with CustomerNotDirectSubAccount and leaves its flag alone", async (_label, customerId) => {
    const before = await flagOf(customerId);
    const recorded = await requestsRecordedBy(t, async () => {
      expect(await delegation("RA", customerId, !before)).toEqual({
        __typename: "CustomerNotDirectSubAccount",
        code: "VALIDATION_FAILED",
        message: "The customer must be one of your direct sub-accounts",
        customerId,
      });
    });
    expect(recorded).toEqual([{ requesterId: C.RA, operation: "setOfferDelegation", status: "FAILED", code: "VALIDATION_FAILED" }]);
    expect(await flagOf(customerId)).toBe(before);
  });

  it("refuses a child setting its own flag (only the parent may)", async () => {
    expect(await delegation("EA2", C.EA2, true)).toMatchObject({ __typename: "CustomerNotDirectSubAccount", customerId: C.EA2 });
    expect(await flagOf(C.EA2)).toBe(false);
  });

  it("answers another tenant's customer and the requester's parent exactly like an unknown id", async () => {
    const other = await delegation("RA", C.EB1, false);
    expect(other).toEqual({ __typename: "CustomerNotFound", code: "CUSTOMER_1002", message: "Customer does not exist", customerId: C.EB1 });
    expect(without(await delegation("RA", MISSING, false), "customerId")).toEqual(without(other, "customerId"));
    expect(await delegation("EA1", C.RA, false)).toMatchObject({ __typename: "CustomerNotFound", customerId: C.RA });
    expect(await flagOf(C.EB1)).toBe(true);
    expect(await flagOf(C.RA)).toBe(true);
  });
});
