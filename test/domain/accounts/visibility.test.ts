/** Who may see what (SPEC section 2): itself and its descendants; of its parent, only what is sold to it. */
import { describe, expect, it } from "vitest";
import type { Requester } from "../../../src/domain/accounts/requester";
import {
  canSeeApiKey,
  canSeeOffer,
  canSeePackage,
  canSeeSubscriber,
  canSeeSubscriberOffer,
  customerListScope,
  isBuyPackage,
  isBuyPlan,
  isDirectSubAccount,
  isEligible,
  isReachable,
  isSelfOrDirectSubAccount,
  isVisible,
  shownParentId,
  type CustomerList,
  type PackageFacts,
} from "../../../src/domain/accounts/visibility";
import { customer, da1, ea1, ea2, op, other, ra, rb } from "../customer-tree";

const offerOf = (owner: Requester, kind: "REGULAR" | "POOL" = "REGULAR", poolCustomerId: string | null = null) => ({
  id: `o-${owner.id}`,
  ownerId: owner.id,
  kind,
  poolCustomerId,
  owner,
});
const pkgOf = (owner: Requester, eligible: string[] | "ALL") => ({
  id: `p-${owner.id}`,
  ownerId: owner.id,
  owner,
  eligibleAll: eligible === "ALL",
  eligibleCustomerIds: eligible === "ALL" ? [] : eligible,
  offerIds: ["o1"],
});

describe("isVisible", () => {
  it("sees the requester itself and every descendant", () => {
    for (const target of [ra, ea1, ea2, da1]) expect(isVisible(ra, target), target.id).toBe(true);
  });

  it("does not see its parent, a sibling, a sibling's descendants or another tenant", () => {
    const rbChild = customer("rb1", rb);
    for (const target of [op, rb, rbChild, other]) expect(isVisible(ra, target), target.id).toBe(false);
  });

  it("reads descent from the root down: a path holding the requester's further down is not below it", () => {
    const root = customer("ra", null);
    expect(isVisible(root, ra)).toBe(false);
    expect(isVisible(root, ea1)).toBe(false);
  });

  it("does not take a customer whose id starts with the requester's for a descendant", () => {
    const r = customer("r", null);
    expect(isVisible(r, customer("ra", null))).toBe(false);
    expect(isVisible(customer("ea", ra), ea1)).toBe(false);
  });
});

describe("isDirectSubAccount", () => {
  it("is true only for a child", () => {
    expect(isDirectSubAccount(ra, ea1)).toBe(true);
    for (const target of [ra, da1, op, rb, other]) expect(isDirectSubAccount(ra, target), target.id).toBe(false);
  });
});

describe("isSelfOrDirectSubAccount", () => {
  it("is the requester itself or a child", () => {
    expect(isSelfOrDirectSubAccount(ra, ra)).toBe(true);
    expect(isSelfOrDirectSubAccount(ra, ea1)).toBe(true);
    for (const target of [da1, op, rb, other]) expect(isSelfOrDirectSubAccount(ra, target), target.id).toBe(false);
  });

  it("is not a customer outside the requester's tree that names it as parent", () => {
    expect(isSelfOrDirectSubAccount(ra, { id: "stray", parentId: "ra", path: "/other/stray/" })).toBe(false);
  });
});

describe("isReachable: a customer the requester may meet as a node", () => {
  it("is itself, a descendant, or its parent (a counterparty)", () => {
    for (const target of [ea1, da1, ra]) expect(isReachable(ea1, target), target.id).toBe(true);
  });

  it("is not a grandparent, a sibling or another tenant", () => {
    for (const target of [op, ea2, rb, other]) expect(isReachable(ea1, target), target.id).toBe(false);
  });

  it("is no parent for a root", () => {
    expect(isReachable(op, other)).toBe(false);
  });
});

describe("shownParentId", () => {
  it("shows the parent of the requester and of its descendants", () => {
    expect(shownParentId(ea1, ea1)).toBe("ra");
    expect(shownParentId(ea1, da1)).toBe("ea1");
    expect(shownParentId(op, op)).toBeNull();
  });

  it("shows nothing above the requester's own parent", () => {
    expect(shownParentId(ea1, ra)).toBeNull();
  });
});

describe("customerListScope", () => {
  const LISTS: CustomerList[] = ["subCustomers", "subscribers", "offers", "packages", "apiKeys", "requests"];
  const scopes = (requester: Requester, target: Requester) => Object.fromEntries(LISTS.map((list) => [list, customerListScope(requester, target, list)]));

  it("shows the requester all its own lists", () => {
    expect(scopes(ra, ra)).toEqual({ subCustomers: "all", subscribers: "all", offers: "all", packages: "all", apiKeys: "all", requests: "all" });
  });

  it("shows a direct sub-account whole, but its requests only to itself", () => {
    expect(scopes(ra, ea1)).toEqual({ subCustomers: "all", subscribers: "all", offers: "all", packages: "all", apiKeys: "all", requests: "none" });
  });

  it("shows a deeper descendant without its API keys", () => {
    expect(scopes(ra, da1)).toEqual({ subCustomers: "all", subscribers: "all", offers: "all", packages: "all", apiKeys: "none", requests: "none" });
  });

  it("shows of its parent only what the parent sells to it", () => {
    expect(scopes(ea1, ra)).toEqual({
      subCustomers: "none",
      subscribers: "none",
      offers: "soldToRequester",
      packages: "soldToRequester",
      apiKeys: "none",
      requests: "none",
    });
  });

  it.each([
    ["a grandparent", op],
    ["a sibling", ea2],
    ["another tenant", other],
  ])("shows nothing of %s", (_what, target) => {
    expect(Object.values(scopes(ea1, target))).toEqual(LISTS.map(() => "none"));
  });
});

describe("isEligible", () => {
  it("takes the listed direct sub-accounts of the owner", () => {
    const listed = pkgOf(ra, ["ea1"]);
    expect(isEligible(listed, ea1)).toBe(true);
    expect(isEligible(listed, ea2)).toBe(false);
    expect(isEligible(pkgOf(ra, []), ea1)).toBe(false);
  });

  it("takes every direct sub-account of the owner for ALL, present and future", () => {
    const all = pkgOf(ra, "ALL");
    expect(isEligible(all, ea2)).toBe(true);
    expect(isEligible(all, customer("ea-new", ra))).toBe(true);
  });

  it("never takes the owner itself, a grandchild or a stranger, even when listed", () => {
    for (const target of [ra, da1, rb, other]) {
      expect(isEligible(pkgOf(ra, "ALL"), target), target.id).toBe(false);
      expect(isEligible(pkgOf(ra, [target.id]), target), target.id).toBe(false);
    }
  });
});

describe("isBuyPlan", () => {
  it("is a regular plan of the parent, or the parent's pool plan made for the requester", () => {
    expect(isBuyPlan(ea1, offerOf(ra))).toBe(true);
    expect(isBuyPlan(ea1, offerOf(ra, "POOL", "ea1"))).toBe(true);
  });

  it("is not the parent's pool plan made for a sibling", () => {
    expect(isBuyPlan(ea1, offerOf(ra, "POOL", "ea2"))).toBe(false);
  });

  it("is not an own, a descendant's, a grandparent's or a stranger's plan", () => {
    for (const owner of [ea1, da1, op, rb, other]) expect(isBuyPlan(ea1, offerOf(owner)), owner.id).toBe(false);
  });

  it("is nothing for a root", () => {
    expect(isBuyPlan(op, offerOf(op))).toBe(false);
    expect(isBuyPlan(other, offerOf(op))).toBe(false);
  });
});

describe("isBuyPackage", () => {
  it("is a package of the parent the requester is eligible for", () => {
    expect(isBuyPackage(ea1, pkgOf(ra, "ALL"))).toBe(true);
    expect(isBuyPackage(ea1, pkgOf(ra, ["ea1"]))).toBe(true);
  });

  it("is not a parent's package the requester is not eligible for", () => {
    expect(isBuyPackage(ea1, pkgOf(ra, ["ea2"]))).toBe(false);
    expect(isBuyPackage(ea1, pkgOf(ra, []))).toBe(false);
  });

  it("is not an own, a descendant's, a grandparent's or a stranger's package", () => {
    for (const owner of [ea1, da1, op, rb, other]) expect(isBuyPackage(ea1, pkgOf(owner, "ALL")), owner.id).toBe(false);
  });

  it("is nothing for a root", () => {
    const rootsOwn: PackageFacts = pkgOf(op, "ALL");
    expect(isBuyPackage(op, rootsOwn)).toBe(false);
  });
});

describe("canSeeOffer", () => {
  it("sees its own and its descendants' offers, and its Buy plans", () => {
    for (const offer of [offerOf(ea1), offerOf(da1), offerOf(da1, "POOL", "x"), offerOf(ra), offerOf(ra, "POOL", "ea1")]) {
      expect(canSeeOffer(ea1, offer), offer.id).toBe(true);
    }
  });

  it("does not see a pool plan its parent made for a sibling, nor a grandparent's, sibling's or stranger's offer", () => {
    for (const offer of [offerOf(ra, "POOL", "ea2"), offerOf(op), offerOf(ea2), offerOf(other)]) {
      expect(canSeeOffer(ea1, offer), `${offer.id} ${offer.kind}`).toBe(false);
    }
  });
});

describe("canSeePackage", () => {
  it("sees its own and its descendants' packages, and its Buy packages", () => {
    for (const pkg of [pkgOf(ea1, []), pkgOf(da1, []), pkgOf(ra, "ALL"), pkgOf(ra, ["ea1"])]) {
      expect(canSeePackage(ea1, pkg), pkg.id).toBe(true);
    }
  });

  it("does not see a parent's package it is not eligible for, nor a grandparent's, sibling's or stranger's", () => {
    for (const pkg of [pkgOf(ra, ["ea2"]), pkgOf(ra, []), pkgOf(op, "ALL"), pkgOf(ea2, "ALL"), pkgOf(other, "ALL")]) {
      expect(canSeePackage(ea1, pkg), pkg.id).toBe(false);
    }
  });
});

describe("canSeeSubscriber", () => {
  it("sees the subscribers of itself and of every descendant", () => {
    for (const customer of [ea1, da1]) expect(canSeeSubscriber(ea1, { customer }), customer.id).toBe(true);
  });

  it("does not see its parent's, a grandparent's, a sibling's or another tenant's", () => {
    for (const customer of [ra, op, ea2, rb, other]) expect(canSeeSubscriber(ea1, { customer }), customer.id).toBe(false);
  });
});

describe("canSeeSubscriberOffer", () => {
  it("sees an offer instance on a subscriber it can see, whoever owns the offer", () => {
    for (const customer of [ea1, da1]) expect(canSeeSubscriberOffer(ea1, { subscriber: { customer } }), customer.id).toBe(true);
  });

  it("does not see one on its parent's, a sibling's or another tenant's subscriber", () => {
    for (const customer of [ra, ea2, other]) expect(canSeeSubscriberOffer(ea1, { subscriber: { customer } }), customer.id).toBe(false);
  });
});

describe("canSeeApiKey", () => {
  it("sees its own keys and its direct sub-accounts'", () => {
    for (const holder of [ra, ea1, ea2]) expect(canSeeApiKey(ra, { holder }), holder.id).toBe(true);
  });

  it("does not see a deeper descendant's, its parent's, a sibling's or another tenant's", () => {
    for (const holder of [da1, op, rb, other]) expect(canSeeApiKey(ra, { holder }), holder.id).toBe(false);
  });

  it("does not see the keys of a customer outside its tree that names it as parent", () => {
    expect(canSeeApiKey(ra, { holder: { id: "stray", parentId: "ra", path: "/other/stray/" } })).toBe(false);
  });
});
