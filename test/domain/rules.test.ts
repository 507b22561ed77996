/** The SPEC section 2 rules as pure functions, without a database. */
import { describe, expect, it } from "vitest";
import { decideAttachOffer, type AttachOfferFacts } from "../../src/domain/subscribers/attach-offer";
import { decideDetachOffer, type DetachOfferFacts } from "../../src/domain/subscribers/detach-offer";
import { decideMyPackagesScope } from "../../src/domain/catalogue/my-packages";
import { checkPackageDraft, packageNameKey, packageOfferPriorities, readPackageInput } from "../../src/domain/catalogue/packages";
import { decideReplacePackage } from "../../src/domain/subscribers/subscriber-package";
import type { Requester } from "../../src/domain/accounts/requester";
import { canSeeOffer, canSeePackage, isBuyPackage, isBuyPlan, isEligible, isVisible, type OfferFacts } from "../../src/domain/accounts/visibility";

const node = (id: string, parent: { id: string; path: string } | null, delegation = false): Requester => ({
  id,
  parentId: parent?.id ?? null,
  path: `${parent?.path ?? "/"}${id}/`,
  allowOfferDelegation: delegation,
});
const op = node("op", null);
const ra = node("ra", op, true);
const ea1 = node("ea1", ra, true);
const ea2 = node("ea2", ra);
const rb = node("rb", op);

describe("visibility", () => {
  it("sees itself and descendants only", () => {
    expect(isVisible(ra, ra)).toBe(true);
    expect(isVisible(ra, ea1)).toBe(true);
    expect(isVisible(ra, op)).toBe(false);
    expect(isVisible(ra, rb)).toBe(false);
    expect(isVisible(node("r", null), node("ra-lookalike", null))).toBe(false);
  });

  it("knows Buy plans: the parent's regular plans and its pool plans made for the requester", () => {
    expect(isBuyPlan(ea1, { id: "o", ownerId: "ra", kind: "REGULAR", poolCustomerId: null })).toBe(true);
    expect(isBuyPlan(ea1, { id: "o", ownerId: "ra", kind: "POOL", poolCustomerId: "ea1" })).toBe(true);
    expect(isBuyPlan(ea1, { id: "o", ownerId: "ra", kind: "POOL", poolCustomerId: "ea2" })).toBe(false);
    expect(isBuyPlan(op, { id: "o", ownerId: "op", kind: "REGULAR", poolCustomerId: null })).toBe(false);
  });

  it("sees its own and its descendants' offers and packages, and of its parent's only what is sold to it", () => {
    const offer = (ownerId: string, owner: Requester, kind: "REGULAR" | "POOL" = "REGULAR", poolCustomerId: string | null = null) => ({
      id: "o",
      ownerId,
      kind,
      poolCustomerId,
      owner,
    });
    expect(canSeeOffer(ea1, offer("ea1", ea1))).toBe(true);
    expect(canSeeOffer(ra, offer("ea1", ea1))).toBe(true);
    expect(canSeeOffer(ea1, offer("ra", ra))).toBe(true);
    expect(canSeeOffer(ea1, offer("ra", ra, "POOL", "ea1"))).toBe(true);
    expect(canSeeOffer(ea1, offer("ra", ra, "POOL", "ea2"))).toBe(false);
    expect(canSeeOffer(ea1, offer("op", op))).toBe(false);
    expect(canSeeOffer(ea1, offer("ea2", ea2))).toBe(false);

    const pkg = (ownerId: string, owner: Requester, eligible: string[] | "ALL") => ({
      id: "p",
      ownerId,
      owner,
      eligibleAll: eligible === "ALL",
      eligibleCustomerIds: eligible === "ALL" ? [] : eligible,
      offerIds: ["o"],
    });
    expect(canSeePackage(ea1, pkg("ea1", ea1, []))).toBe(true);
    expect(canSeePackage(ra, pkg("ea1", ea1, []))).toBe(true);
    expect(canSeePackage(ea1, pkg("ra", ra, "ALL"))).toBe(true);
    expect(canSeePackage(ea1, pkg("ra", ra, ["ea1"]))).toBe(true);
    expect(canSeePackage(ea1, pkg("ra", ra, ["ea2"]))).toBe(false);
    expect(canSeePackage(ea1, pkg("ra", ra, []))).toBe(false);
    expect(canSeePackage(ea1, pkg("op", op, "ALL"))).toBe(false);
    expect(isBuyPackage(ea1, pkg("ra", ra, ["ea1"]))).toBe(true);
    expect(isBuyPackage(ra, pkg("ra", ra, "ALL"))).toBe(false);
  });

  it("makes only the owner's direct sub-accounts eligible", () => {
    const pkg = { id: "p", ownerId: "ra", eligibleAll: true, eligibleCustomerIds: [], offerIds: ["o"] };
    expect(isEligible(pkg, ea1)).toBe(true);
    expect(isEligible(pkg, ra)).toBe(false);
    expect(isEligible({ ...pkg, eligibleAll: false, eligibleCustomerIds: ["ea2"] }, ea1)).toBe(false);
  });
});

describe("packages", () => {
  it("compares names trimmed and case-insensitively", () => {
    expect(packageNameKey("  Roaming EU ")).toBe(packageNameKey("roaming eu"));
    expect(packageNameKey("Ärger")).toBe(packageNameKey("ärger"));
  });

  it("numbers package offers so that position 0 has the highest priority", () => {
    expect(packageOfferPriorities(["a", "b", "c"])).toEqual([
      { offerId: "a", priority: 3 },
      { offerId: "b", priority: 2 },
      { offerId: "c", priority: 1 },
    ]);
  });

  it("checks a draft's offers, eligibility and name in that order", () => {
    const draft = readPackageInput({ name: "P", nestedOfferIds: ["o1"], eligibleSubAccounts: { ids: ["ea1"] } });
    if (!draft.ok) throw new Error("draft refused");
    const facts = {
      requester: ra,
      offers: [{ id: "o1", ownerId: "ra", kind: "REGULAR" as const, poolCustomerId: null }],
      eligibleCustomers: [ea1],
      sameName: null,
    };
    expect(checkPackageDraft(draft.value, facts).ok).toBe(true);
    expect(checkPackageDraft(draft.value, { ...facts, offers: [] })).toMatchObject({ ok: false, refusal: { type: "OffersNotOwned" } });
    expect(checkPackageDraft(draft.value, { ...facts, eligibleCustomers: [] })).toMatchObject({ ok: false, refusal: { type: "NotDirectSubAccounts" } });
    expect(checkPackageDraft(draft.value, { ...facts, sameName: { id: "p0" } })).toMatchObject({ ok: false, refusal: { type: "PackageNameTaken" } });
  });
});

describe("attachOffer", () => {
  const facts = (overrides: Partial<AttachOfferFacts> = {}): AttachOfferFacts => ({
    requester: ra,
    subscriber: { id: "s1", customer: ea1, packageId: null },
    offer: { id: "o1", ownerId: "ra", kind: "REGULAR", poolCustomerId: null, owner: ra },
    existing: [],
    ...overrides,
  });
  const request = { identifier: { type: "IMSI" as const, value: "123456" }, offerId: "o1", priority: null, myOffer: false };

  it("checks delegation before anything else for self-service", () => {
    expect(decideAttachOffer({ ...request, myOffer: true }, facts({ requester: ea2, subscriber: null }))).toEqual({
      ok: false,
      refusal: { type: "ParentPlanNotAllowed" },
    });
  });

  it("accepts a Sell plan on a direct sub-customer's subscriber", () => {
    expect(decideAttachOffer(request, facts())).toEqual({ ok: true, value: { isPool: false } });
  });

  it("refuses a priority held by another offer", () => {
    const decision = decideAttachOffer({ ...request, priority: 7 }, facts({ existing: [{ id: "so", offerId: "o2", priority: 7 }] }));
    expect(decision).toEqual({ ok: false, refusal: { type: "PriorityInUse", priority: 7, subscriberOfferId: "so" } });
  });

  describe("pool plans: attached only by their owner", () => {
    const pool = { id: "pool", ownerId: "ra", kind: "POOL" as const, poolCustomerId: "ea1", owner: ra };
    const own = { id: "s1", customer: ea1, packageId: null };

    it("accepts the owner's pool plan on a subscriber of the sub-account it was made for", () => {
      expect(decideAttachOffer({ ...request, offerId: "pool" }, facts({ offer: pool }))).toEqual({ ok: true, value: { isPool: true } });
    });

    it("refuses self-service with the parent's pool plan made for the requester (PoolPlanNotSelfService)", () => {
      const selfService = { ...request, offerId: "pool", myOffer: true };
      expect(decideAttachOffer(selfService, facts({ requester: ea1, subscriber: own, offer: pool }))).toEqual({
        ok: false,
        refusal: { type: "PoolPlanNotSelfService", offerId: "pool" },
      });
      // A regular Buy plan in the same place is attached.
      const regular = { ...pool, kind: "REGULAR" as const, poolCustomerId: null };
      expect(decideAttachOffer(selfService, facts({ requester: ea1, subscriber: own, offer: regular }))).toEqual({ ok: true, value: { isPool: false } });
    });

    it("keeps the earlier refusals first: delegation, then visibility", () => {
      const selfService = { ...request, offerId: "pool", myOffer: true };
      expect(decideAttachOffer(selfService, facts({ requester: ea2, subscriber: { ...own, customer: ea2 }, offer: pool }))).toEqual({
        ok: false,
        refusal: { type: "ParentPlanNotAllowed" },
      });
      // ea1's parent's pool plan made for ea2 is one ea1 cannot see.
      const sibling = { ...pool, poolCustomerId: "ea2" };
      expect(decideAttachOffer(selfService, facts({ requester: ea1, subscriber: own, offer: sibling }))).toEqual({
        ok: false,
        refusal: { type: "OfferNotFound", offerId: "pool" },
      });
    });
  });
});

describe("detachOffer", () => {
  const poolOffer: OfferFacts = { id: "pool", ownerId: "ra", kind: "POOL", poolCustomerId: "ea1" };
  const facts = (requester: Requester, offer = poolOffer): DetachOfferFacts => ({
    requester,
    instance: { id: "so", packageId: null, subscriber: { id: "s1", customer: ea1, packageId: null }, offer },
  });

  it("lets the owner detach its pool plan's instance", () => {
    expect(decideDetachOffer({ subscriberOfferId: "so", myOffer: false }, facts(ra))).toEqual({
      ok: true,
      value: { subscriberOfferId: "so", subscriberId: "s1" },
    });
  });

  it("refuses the sub-account detaching it in self-service (PoolPlanNotSelfService)", () => {
    expect(decideDetachOffer({ subscriberOfferId: "so", myOffer: true }, facts(ea1))).toEqual({
      ok: false,
      refusal: { type: "PoolPlanNotSelfService", offerId: "pool" },
    });
    // A regular Buy plan's instance it detaches.
    const regular = { ...poolOffer, kind: "REGULAR" as const, poolCustomerId: null };
    expect(decideDetachOffer({ subscriberOfferId: "so", myOffer: true }, facts(ea1, regular))).toMatchObject({ ok: true });
  });
});

describe("bulkReplacePackage item", () => {
  const newPackage = { id: "p2", ownerId: "ra", eligibleAll: false, eligibleCustomerIds: ["ea1"], offerIds: ["o1"], owner: ra };
  const request = { identifier: { type: "IMSI" as const, value: "123456" }, currentPackageId: "p1", newPackageId: "p2", myPackage: false };
  const facts = { requester: ra, hasAllocatedPackage: false, subscriber: { id: "s1", customer: ea1, packageId: "p1" }, newPackage };

  it("replaces when the current package matches and the sub-account is eligible", () => {
    expect(decideReplacePackage(request, facts)).toMatchObject({ ok: true, value: { subscriberId: "s1" } });
  });

  it("refuses a current package that is not the attached one", () => {
    expect(decideReplacePackage({ ...request, currentPackageId: "px" }, facts)).toMatchObject({
      ok: false,
      refusal: { type: "CurrentPackageMismatch", attachedPackageId: "p1" },
    });
  });

  it("answers a parent's package the requester is not eligible for exactly like an unknown id", () => {
    const hidden = { id: "p9", ownerId: "ra", eligibleAll: false, eligibleCustomerIds: ["ea2"], offerIds: ["o1"], owner: ra };
    // ea1 replaces on its own sub-account's subscriber (myPackage false) and on its own (true).
    const da1 = node("da1", ea1);
    const sell = { ...request, newPackageId: "p9" };
    const sellFacts = { requester: ea1, hasAllocatedPackage: false, subscriber: { id: "s2", customer: da1, packageId: "p1" } };
    expect(decideReplacePackage(sell, { ...sellFacts, newPackage: hidden })).toEqual(decideReplacePackage(sell, { ...sellFacts, newPackage: null }));
    expect(decideReplacePackage(sell, { ...sellFacts, newPackage: null })).toEqual({ ok: false, refusal: { type: "PackageNotFound", packageId: "p9" } });
    const buy = { ...sell, myPackage: true };
    const buyFacts = { requester: ea1, hasAllocatedPackage: true, subscriber: { id: "s1", customer: ea1, packageId: "p1" } };
    expect(decideReplacePackage(buy, { ...buyFacts, newPackage: hidden })).toEqual(decideReplacePackage(buy, { ...buyFacts, newPackage: null }));
    expect(decideReplacePackage(buy, { ...buyFacts, newPackage: null })).toEqual({ ok: false, refusal: { type: "SelfServiceNotEligible" } });
    // A package it can see but may not use is named for what it is.
    expect(decideReplacePackage(sell, { ...sellFacts, newPackage: newPackage })).toEqual({ ok: false, refusal: { type: "PackageNotSellPackage", packageId: "p9" } });
    expect(decideReplacePackage(buy, { ...buyFacts, newPackage: { ...newPackage, ownerId: "ea1", owner: ea1 } })).toEqual({
      ok: false,
      refusal: { type: "PackageNotBuyPackage", packageId: "p9" },
    });
  });

  it("refuses self-service without an allocated package, even with delegation", () => {
    expect(decideReplacePackage({ ...request, myPackage: true }, { ...facts, requester: ea1 })).toEqual({
      ok: false,
      refusal: { type: "SelfServiceNotEligible" },
    });
  });
});

describe("myPackages scope", () => {
  it("is the parent's packages for the requester, its own packages for a direct sub-customer", () => {
    expect(decideMyPackagesScope(ra, ra, "ra")).toEqual({ ok: true, value: { ownerId: "op", eligibleId: "ra" } });
    expect(decideMyPackagesScope(ra, ea1, "ea1")).toEqual({ ok: true, value: { ownerId: "ra", eligibleId: "ea1" } });
    expect(decideMyPackagesScope(ra, node("da1", ea1), "da1")).toMatchObject({ ok: false, refusal: { type: "CustomerNotFound" } });
    expect(decideMyPackagesScope(ra, rb, "rb")).toMatchObject({ ok: false, refusal: { type: "CustomerNotFound" } });
  });
});
