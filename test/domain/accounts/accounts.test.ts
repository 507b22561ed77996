/** The account tree (README "Rules", SPEC section 1): names, renaming, delegation, direct sub-accounts. */
import { describe, expect, it } from "vitest";
import {
  checkDirectSubAccount,
  checkRenamable,
  checkRequesterIsCustomer,
  checkSelfOrDirectSubAccount,
  readCustomerName,
} from "../../../src/domain/accounts/accounts";
import { CUSTOMER_NAME_MAX } from "../../../src/domain/input/limits";
import { da1, ea1, ea2, op, other, ra, rb } from "../customer-tree";

describe("readCustomerName", () => {
  it("accepts a name trimmed", () => {
    expect(readCustomerName("  Acme Logistics \t")).toEqual({ ok: true, value: "Acme Logistics" });
  });

  it("accepts a name of exactly the maximum length", () => {
    const name = "n".repeat(CUSTOMER_NAME_MAX);
    expect(readCustomerName(name)).toEqual({ ok: true, value: name });
  });

  it.each(["", "   ", "\n\t"])("refuses the blank name %j at input.name", (name) => {
    expect(readCustomerName(name)).toEqual({
      ok: false,
      refusal: { type: "ValidationFailed", issues: [{ path: "input.name", message: "must not be empty" }] },
    });
  });

  it("refuses a name one character too long, at the path it is given", () => {
    expect(readCustomerName("n".repeat(CUSTOMER_NAME_MAX + 1), "$.customers[3].name")).toEqual({
      ok: false,
      refusal: {
        type: "ValidationFailed",
        issues: [{ path: "$.customers[3].name", message: `must be at most ${CUSTOMER_NAME_MAX} characters` }],
      },
    });
  });

  it("measures the length after trimming", () => {
    expect(readCustomerName(` ${"n".repeat(CUSTOMER_NAME_MAX)} `)).toMatchObject({ ok: true });
  });
});

describe("checkRenamable: the requester itself or a descendant", () => {
  it.each([
    ["itself", ra],
    ["a direct sub-customer", ea1],
    ["a grandchild", da1],
  ])("accepts %s", (_what, target) => {
    expect(checkRenamable(ra, target, target.id)).toEqual({ ok: true, value: target });
  });

  it.each([
    ["its parent", op],
    ["a sibling", rb],
    ["another tenant", other],
  ])("answers %s exactly like an unknown id: CustomerNotFound", (_what, target) => {
    expect(checkRenamable(ra, target, target.id)).toEqual({
      ok: false,
      refusal: { type: "CustomerNotFound", customerId: target.id },
    });
  });

  it("names the id asked for when no customer has it", () => {
    expect(checkRenamable(ra, null, "missing")).toEqual({ ok: false, refusal: { type: "CustomerNotFound", customerId: "missing" } });
  });
});

describe("checkDirectSubAccount: only the parent sets a customer's delegation", () => {
  it("accepts a direct sub-customer", () => {
    expect(checkDirectSubAccount(ra, ea2, "ea2")).toEqual({ ok: true, value: ea2 });
  });

  it.each([
    ["itself", ra],
    ["a grandchild", da1],
  ])("refuses %s, which it can see, as CustomerNotDirectSubAccount", (_what, target) => {
    expect(checkDirectSubAccount(ra, target, target.id)).toEqual({
      ok: false,
      refusal: { type: "CustomerNotDirectSubAccount", customerId: target.id },
    });
  });

  it.each([
    ["its parent", op],
    ["a sibling", rb],
    ["another tenant", other],
    ["an unknown id", null],
  ])("answers %s with CustomerNotFound", (_what, target) => {
    expect(checkDirectSubAccount(ra, target, "asked")).toEqual({ ok: false, refusal: { type: "CustomerNotFound", customerId: "asked" } });
  });

  it("refuses a customer that names the requester as parent but lies outside its tree", () => {
    // Facts that disagree (a parent id without the path) must not open another tenant's customer.
    const stray = { id: "stray", parentId: "ra", path: "/other/stray/" };
    expect(checkDirectSubAccount(ra, stray, "stray")).toEqual({ ok: false, refusal: { type: "CustomerNotFound", customerId: "stray" } });
  });
});

describe("checkSelfOrDirectSubAccount: where new subscribers and API keys go", () => {
  it.each([
    ["itself", ra],
    ["a direct sub-customer", ea1],
  ])("accepts %s", (_what, target) => {
    expect(checkSelfOrDirectSubAccount(ra, target, target.id)).toEqual({ ok: true, value: target });
  });

  it("refuses a grandchild as CustomerNotDirectSubAccount", () => {
    expect(checkSelfOrDirectSubAccount(ra, da1, "da1")).toEqual({
      ok: false,
      refusal: { type: "CustomerNotDirectSubAccount", customerId: "da1" },
    });
  });

  it.each([
    ["its parent", op],
    ["a sibling", rb],
    ["another tenant", other],
    ["an unknown id", null],
  ])("answers %s with CustomerNotFound", (_what, target) => {
    expect(checkSelfOrDirectSubAccount(ra, target, "asked")).toEqual({
      ok: false,
      refusal: { type: "CustomerNotFound", customerId: "asked" },
    });
  });
});

describe("checkRequesterIsCustomer: a customerId that must be the requester (createPackage, externalParamsConfig)", () => {
  it("accepts the requester itself", () => {
    expect(checkRequesterIsCustomer(ra, ra, "ra")).toEqual({ ok: true, value: ra });
  });

  it.each([
    ["a direct sub-customer", ea1],
    ["a grandchild", da1],
  ])("refuses %s, which it can see, as CustomerNotRequester", (_what, target) => {
    expect(checkRequesterIsCustomer(ra, target, target.id)).toEqual({
      ok: false,
      refusal: { type: "CustomerNotRequester", customerId: target.id },
    });
  });

  it.each([
    ["its parent", op],
    ["a sibling", rb],
    ["another tenant", other],
    ["an unknown id", null],
  ])("answers %s with CustomerNotFound", (_what, target) => {
    expect(checkRequesterIsCustomer(ra, target, "asked")).toEqual({ ok: false, refusal: { type: "CustomerNotFound", customerId: "asked" } });
  });
});
