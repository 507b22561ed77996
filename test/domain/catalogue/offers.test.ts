/** Offers (SPEC section 1): a REGULAR plan names no customer; a POOL plan names one direct sub-account. */
import { describe, expect, it } from "vitest";
import { OFFER_NAME_MAX } from "../../../src/domain/input/limits";
import { checkPoolCustomer, OFFER_KINDS, readOfferInput, type OfferDraft } from "../../../src/domain/catalogue/offers";
import { da1, ea1, op, other, ra, rb } from "../customer-tree";

describe("readOfferInput", () => {
  it("accepts a REGULAR offer, its name trimmed and no pool customer", () => {
    expect(readOfferInput({ name: " EU 1GB ", kind: "REGULAR" })).toEqual({ ok: true, value: { name: "EU 1GB", kind: "REGULAR", poolCustomerId: null } });
    expect(readOfferInput({ name: "EU 1GB", kind: "REGULAR", poolCustomerId: null })).toEqual({
      ok: true,
      value: { name: "EU 1GB", kind: "REGULAR", poolCustomerId: null },
    });
  });

  it("accepts a POOL offer with the sub-account it is made for", () => {
    expect(readOfferInput({ name: "Fleet pool", kind: "POOL", poolCustomerId: "ea1" })).toEqual({
      ok: true,
      value: { name: "Fleet pool", kind: "POOL", poolCustomerId: "ea1" },
    });
  });

  it.each([undefined, null, ""])("refuses a POOL offer whose pool customer is %j, at input.poolCustomerId", (poolCustomerId) => {
    expect(readOfferInput({ name: "Fleet pool", kind: "POOL", poolCustomerId })).toEqual({
      ok: false,
      refusal: {
        type: "ValidationFailed",
        issues: [{ path: "input.poolCustomerId", message: "a POOL offer names the sub-account it is made for" }],
      },
    });
  });

  it("refuses a REGULAR offer that names a pool customer", () => {
    expect(readOfferInput({ name: "EU 1GB", kind: "REGULAR", poolCustomerId: "ea1" })).toEqual({
      ok: false,
      refusal: { type: "ValidationFailed", issues: [{ path: "input.poolCustomerId", message: "only a POOL offer names a sub-account" }] },
    });
  });

  it("refuses a blank or long name, and reports every issue under the prefix it is given", () => {
    expect(readOfferInput({ name: "  ", kind: "POOL" }, "$.offers[3]")).toEqual({
      ok: false,
      refusal: {
        type: "ValidationFailed",
        issues: [
          { path: "$.offers[3].name", message: "must not be empty" },
          { path: "$.offers[3].poolCustomerId", message: "a POOL offer names the sub-account it is made for" },
        ],
      },
    });
    expect(readOfferInput({ name: "o".repeat(OFFER_NAME_MAX + 1), kind: "REGULAR" })).toEqual({
      ok: false,
      refusal: { type: "ValidationFailed", issues: [{ path: "input.name", message: `must be at most ${OFFER_NAME_MAX} characters` }] },
    });
  });

  it("knows the two kinds of offer", () => {
    expect([...OFFER_KINDS].sort()).toEqual(["POOL", "REGULAR"]);
  });
});

describe("checkPoolCustomer", () => {
  const pool: OfferDraft = { name: "Fleet pool", kind: "POOL", poolCustomerId: "asked" };
  const regular: OfferDraft = { name: "EU 1GB", kind: "REGULAR", poolCustomerId: null };

  it("accepts a REGULAR offer without looking for a customer", () => {
    expect(checkPoolCustomer(ra, regular, null)).toEqual({ ok: true, value: regular });
  });

  it("accepts a POOL offer made for a direct sub-account", () => {
    expect(checkPoolCustomer(ra, pool, ea1)).toEqual({ ok: true, value: pool });
  });

  it.each([
    ["the requester itself", ra],
    ["a grandchild", da1],
    ["its parent", op],
    ["a sibling", rb],
    ["another tenant", other],
    ["an unknown id", null],
    ["a customer outside its tree that names it as parent", { id: "stray", parentId: "ra", path: "/other/stray/" }],
  ])("refuses a POOL offer made for %s (PoolCustomerNotSubAccount), naming the id given", (_what, poolCustomer) => {
    expect(checkPoolCustomer(ra, pool, poolCustomer)).toEqual({ ok: false, refusal: { type: "PoolCustomerNotSubAccount", customerId: "asked" } });
  });
});
