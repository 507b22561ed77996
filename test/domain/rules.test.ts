/** The SPEC section 2 rules as pure functions, without a database. */
import { describe, expect, it } from "vitest";
import { decideAttachOffer, type AttachOfferFacts } from "../../src/domain/attach-offer";
import { decideMyPackagesScope } from "../../src/domain/my-packages";
import { checkPackageDraft, packageNameKey, packageOfferPriorities, readPackageInput } from "../../src/domain/packages";
import { decideReplacePackage } from "../../src/domain/subscriber-package";
import type { Requester } from "../../src/domain/requester";
import { isBuyPlan, isEligible, isVisible } from "../../src/domain/visibility";

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
