/** A subscriber's package: bulkReplacePackage items, attachPackage, detachPackage (SPEC section 2; README "Rules"). */
import { describe, expect, it } from "vitest";
import type { SubscriberFacts } from "../../../src/domain/subscribers/attach-offer";
import {
  decideAttachPackage,
  decideDetachPackage,
  decideReplacePackage,
  readPackageChange,
  readReplacePackageItem,
  type PackageChangeFacts,
  type PackageChangeRequest,
  type ReplacePackageRequest,
} from "../../../src/domain/subscribers/subscriber-package";
import type { Requester } from "../../../src/domain/accounts/requester";
import { customer, da1, ea1, ea2, op, other, ra, rb } from "../customer-tree";

const imsi = { type: "IMSI" as const, value: "222013090961859" };
const sim = (holder: Requester, packageId: string | null, id = "s1"): SubscriberFacts => ({ id, customer: holder, packageId });
/** A package of `owner`, eligible for the listed customers or ALL of its direct sub-accounts. */
const pkg = (id: string, owner: Requester, eligible: string[] | "ALL") => ({
  id,
  ownerId: owner.id,
  owner,
  eligibleAll: eligible === "ALL",
  eligibleCustomerIds: eligible === "ALL" ? [] : eligible,
  offerIds: ["o1", "o2"],
});

describe("readReplacePackageItem", () => {
  it("normalizes the identifier and defaults myPackage to false", () => {
    expect(
      readReplacePackageItem({ subscriber: { type: "MSISDN", value: "+491510000003" }, currentPackageId: "p1", newPackageId: "p2" }, "input.items[0]"),
    ).toEqual({
      ok: true,
      value: { identifier: { type: "MSISDN", value: "491510000003" }, currentPackageId: "p1", newPackageId: "p2", myPackage: false },
    });
    expect(readReplacePackageItem({ subscriber: imsi, currentPackageId: "p1", newPackageId: "p2", myPackage: null }, "i")).toMatchObject({
      ok: true,
      value: { myPackage: false },
    });
    expect(readReplacePackageItem({ subscriber: imsi, currentPackageId: "p1", newPackageId: "p2", myPackage: true }, "i")).toMatchObject({
      ok: true,
      value: { myPackage: true },
    });
  });

  it("refuses a malformed identifier at the item's own path", () => {
    expect(
      readReplacePackageItem({ subscriber: { type: "IMEI", value: "490154203237519" }, currentPackageId: "p1", newPackageId: "p2" }, "input.items[2]"),
    ).toEqual({
      ok: false,
      refusal: {
        type: "ValidationFailed",
        issues: [{ path: "input.items[2].subscriber.value", message: "IMEI check digit (Luhn) is wrong" }],
      },
    });
  });
});

describe("readPackageChange", () => {
  it("normalizes the identifier and defaults myPackage to false", () => {
    expect(readPackageChange({ subscriber: { type: "IMSI", value: "123456" }, packageId: "p1" })).toEqual({
      ok: true,
      value: { identifier: { type: "IMSI", value: "123456" }, packageId: "p1", myPackage: false },
    });
  });

  it("refuses a malformed identifier at input.subscriber.value, or under the prefix it is given", () => {
    const bad = { subscriber: { type: "ICCID" as const, value: "123" }, packageId: "p1" };
    const issue = (path: string) => ({ ok: false, refusal: { type: "ValidationFailed", issues: [{ path, message: "ICCID must be 18 to 22 digits" }] } });
    expect(readPackageChange(bad)).toEqual(issue("input.subscriber.value"));
    expect(readPackageChange(bad, "attach")).toEqual(issue("attach.subscriber.value"));
  });
});

/** ra (myPackage false) works on its sub-customer ea1's subscriber; ea1 (myPackage true) on its own. */
const sellFacts = (overrides: Partial<PackageChangeFacts> = {}): PackageChangeFacts => ({
  requester: ra,
  hasAllocatedPackage: false,
  subscriber: sim(ea1, "p1"),
  ...overrides,
});
const selfFacts = (overrides: Partial<PackageChangeFacts> = {}): PackageChangeFacts => ({
  requester: ea1,
  hasAllocatedPackage: true,
  subscriber: sim(ea1, "p1"),
  ...overrides,
});

/** The self-service prerequisites, shared by replace, attach and detach. */
const selfServiceRefusals = [
  ["a requester whose parent did not allow delegation", { requester: ea2, subscriber: sim(ea2, "p1") }],
  ["a root, even with the flag set", { requester: customer("root", null, true), subscriber: sim(customer("root", null, true), "p1") }],
  ["a requester without any package allocated", { hasAllocatedPackage: false }],
  ["a requester without delegation, before the subscriber is looked up", { requester: ea2, subscriber: null }],
] as const;

describe("decideReplacePackage", () => {
  const sell: ReplacePackageRequest = { identifier: imsi, currentPackageId: "p1", newPackageId: "p2", myPackage: false };
  const selfService: ReplacePackageRequest = { ...sell, myPackage: true };

  describe("accepts", () => {
    it("the requester's own package for which the sub-customer is eligible", () => {
      const p2 = pkg("p2", ra, ["ea1"]);
      expect(decideReplacePackage(sell, { ...sellFacts(), newPackage: p2 })).toEqual({ ok: true, value: { subscriberId: "s1", newPackage: p2 } });
      const all = pkg("p2", ra, "ALL");
      expect(decideReplacePackage(sell, { ...sellFacts(), newPackage: all })).toEqual({ ok: true, value: { subscriberId: "s1", newPackage: all } });
    });

    it("in self-service, a Buy package of the requester on its own subscriber", () => {
      const p2 = pkg("p2", ra, ["ea1"]);
      expect(decideReplacePackage(selfService, { ...selfFacts(), newPackage: p2 })).toEqual({ ok: true, value: { subscriberId: "s1", newPackage: p2 } });
    });

    it("the same package again (a re-attach)", () => {
      const p1 = pkg("p1", ra, ["ea1"]);
      const same = { ...sell, newPackageId: "p1" };
      expect(decideReplacePackage(same, { ...sellFacts(), newPackage: p1 })).toEqual({ ok: true, value: { subscriberId: "s1", newPackage: p1 } });
      expect(decideReplacePackage({ ...same, myPackage: true }, { ...selfFacts(), newPackage: p1 })).toEqual({
        ok: true,
        value: { subscriberId: "s1", newPackage: p1 },
      });
    });
  });

  it.each(selfServiceRefusals)("refuses self-service for %s (SelfServiceNotEligible)", (_what, overrides) => {
    expect(decideReplacePackage(selfService, { ...selfFacts(overrides), newPackage: pkg("p2", ra, "ALL") })).toEqual({
      ok: false,
      refusal: { type: "SelfServiceNotEligible" },
    });
  });

  describe("the subscriber", () => {
    it.each([
      ["no subscriber", null],
      ["its parent's", sim(op, "p1")],
      ["a sibling's", sim(rb, "p1")],
      ["another tenant's", sim(other, "p1")],
    ])("answers %s with SubscriberNotFound, in both modes", (_what, subscriber) => {
      const notFound = { ok: false, refusal: { type: "SubscriberNotFound", identifier: imsi } };
      expect(decideReplacePackage(sell, { ...sellFacts({ subscriber }), newPackage: pkg("p2", ra, "ALL") })).toEqual(notFound);
      expect(decideReplacePackage(selfService, { ...selfFacts({ requester: ra, subscriber }), newPackage: null })).toEqual(
        notFound,
      );
    });

    it("refuses in Sell mode one that is not a direct sub-customer's (SubscriberNotInSubAccount)", () => {
      for (const holder of [ra, da1]) {
        expect(decideReplacePackage(sell, { ...sellFacts({ subscriber: sim(holder, "p1", "sx") }), newPackage: pkg("p2", ra, "ALL") })).toEqual({
          ok: false,
          refusal: { type: "SubscriberNotInSubAccount", subscriberId: "sx" },
        });
      }
    });

    it("refuses in self-service one that is not the requester's own (SubscriberNotOwn)", () => {
      expect(decideReplacePackage(selfService, { ...selfFacts({ subscriber: sim(da1, "p1", "sx") }), newPackage: pkg("p2", ra, "ALL") })).toEqual({
        ok: false,
        refusal: { type: "SubscriberNotOwn", subscriberId: "sx" },
      });
    });
  });

  describe("CurrentPackageMismatch", () => {
    it("refuses a currentPackageId that is not the attached package, before looking at the new one", () => {
      expect(decideReplacePackage({ ...sell, currentPackageId: "px" }, { ...sellFacts(), newPackage: null })).toEqual({
        ok: false,
        refusal: { type: "CurrentPackageMismatch", currentPackageId: "px", attachedPackageId: "p1" },
      });
    });

    it("refuses when no package is attached, in both modes", () => {
      const mismatch = { ok: false, refusal: { type: "CurrentPackageMismatch", currentPackageId: "p1", attachedPackageId: null } };
      expect(decideReplacePackage(sell, { ...sellFacts({ subscriber: sim(ea1, null) }), newPackage: pkg("p2", ra, "ALL") })).toEqual(mismatch);
      expect(decideReplacePackage(selfService, { ...selfFacts({ subscriber: sim(ea1, null) }), newPackage: pkg("p2", ra, "ALL") })).toEqual(mismatch);
    });
  });

  describe("the new package, myPackage false", () => {
    it.each([
      ["no package", null],
      ["another tenant's", pkg("p2", other, "ALL")],
      ["a sibling's", pkg("p2", rb, "ALL")],
      ["its parent's, not eligible for it", pkg("p2", op, ["rb"])],
    ])("answers %s with PackageNotFound naming the id asked for", (_what, newPackage) => {
      expect(decideReplacePackage(sell, { ...sellFacts(), newPackage })).toEqual({ ok: false, refusal: { type: "PackageNotFound", packageId: "p2" } });
    });

    it("refuses a package it can see but does not own: a Buy package, a descendant's (PackageNotSellPackage)", () => {
      for (const newPackage of [pkg("p2", op, ["ra"]), pkg("p2", ea1, "ALL")]) {
        expect(decideReplacePackage(sell, { ...sellFacts(), newPackage })).toEqual({
          ok: false,
          refusal: { type: "PackageNotSellPackage", packageId: "p2" },
        });
      }
    });

    it("refuses its own package for which the subscriber's customer is not eligible (SubAccountNotEligible)", () => {
      for (const newPackage of [pkg("p2", ra, ["ea2"]), pkg("p2", ra, [])]) {
        expect(decideReplacePackage(sell, { ...sellFacts(), newPackage })).toEqual({
          ok: false,
          refusal: { type: "SubAccountNotEligible", packageId: "p2", customerId: "ea1" },
        });
      }
    });
  });

  describe("the new package, myPackage true", () => {
    it.each([
      ["no package", null],
      ["its parent's, not eligible for it", pkg("p2", ra, ["ea2"])],
      ["its grandparent's", pkg("p2", op, "ALL")],
      ["another tenant's", pkg("p2", other, "ALL")],
    ])("answers %s with SelfServiceNotEligible, never telling them apart", (_what, newPackage) => {
      expect(decideReplacePackage(selfService, { ...selfFacts(), newPackage })).toEqual({ ok: false, refusal: { type: "SelfServiceNotEligible" } });
    });

    it("refuses a package it can see that is not a Buy package: its own, a descendant's (PackageNotBuyPackage)", () => {
      for (const newPackage of [pkg("p2", ea1, "ALL"), pkg("p2", da1, "ALL")]) {
        expect(decideReplacePackage(selfService, { ...selfFacts(), newPackage })).toEqual({
          ok: false,
          refusal: { type: "PackageNotBuyPackage", packageId: "p2" },
        });
      }
    });
  });
});

describe("decideAttachPackage", () => {
  const sell: PackageChangeRequest = { identifier: imsi, packageId: "p2", myPackage: false };
  const selfService: PackageChangeRequest = { ...sell, myPackage: true };
  const bare = (holder: Requester) => sim(holder, null);

  it("attaches the requester's own package to a sub-customer's subscriber without one", () => {
    const p2 = pkg("p2", ra, ["ea1"]);
    expect(decideAttachPackage(sell, { ...sellFacts({ subscriber: bare(ea1) }), package: p2 })).toEqual({ ok: true, value: { subscriberId: "s1", package: p2 } });
  });

  it("attaches a Buy package to the requester's own subscriber in self-service", () => {
    const p2 = pkg("p2", ra, "ALL");
    expect(decideAttachPackage(selfService, { ...selfFacts({ subscriber: bare(ea1) }), package: p2 })).toEqual({
      ok: true,
      value: { subscriberId: "s1", package: p2 },
    });
  });

  it("refuses a subscriber that already has a package, even the same one (PackageAlreadyAttached)", () => {
    for (const attached of ["p0", "p2"]) {
      expect(decideAttachPackage(sell, { ...sellFacts({ subscriber: sim(ea1, attached) }), package: pkg("p2", ra, "ALL") })).toEqual({
        ok: false,
        refusal: { type: "PackageAlreadyAttached", attachedPackageId: attached },
      });
    }
  });

  it.each(selfServiceRefusals)("refuses self-service for %s (SelfServiceNotEligible)", (_what, overrides) => {
    const facts = selfFacts(overrides);
    const subscriber = facts.subscriber && { ...facts.subscriber, packageId: null };
    expect(decideAttachPackage(selfService, { ...facts, subscriber, package: pkg("p2", ra, "ALL") })).toEqual({
      ok: false,
      refusal: { type: "SelfServiceNotEligible" },
    });
  });

  it("applies the subscriber and package rules of a replace", () => {
    expect(decideAttachPackage(sell, { ...sellFacts({ subscriber: null }), package: pkg("p2", ra, "ALL") })).toEqual({
      ok: false,
      refusal: { type: "SubscriberNotFound", identifier: imsi },
    });
    expect(decideAttachPackage(sell, { ...sellFacts({ subscriber: bare(ra) }), package: pkg("p2", ra, "ALL") })).toEqual({
      ok: false,
      refusal: { type: "SubscriberNotInSubAccount", subscriberId: "s1" },
    });
    expect(decideAttachPackage(selfService, { ...selfFacts({ subscriber: bare(da1) }), package: pkg("p2", ra, "ALL") })).toEqual({
      ok: false,
      refusal: { type: "SubscriberNotOwn", subscriberId: "s1" },
    });
    expect(decideAttachPackage(sell, { ...sellFacts({ subscriber: bare(ea1) }), package: null })).toEqual({
      ok: false,
      refusal: { type: "PackageNotFound", packageId: "p2" },
    });
    expect(decideAttachPackage(sell, { ...sellFacts({ subscriber: bare(ea1) }), package: pkg("p2", op, ["ra"]) })).toEqual({
      ok: false,
      refusal: { type: "PackageNotSellPackage", packageId: "p2" },
    });
    expect(decideAttachPackage(sell, { ...sellFacts({ subscriber: bare(ea1) }), package: pkg("p2", ra, ["ea2"]) })).toEqual({
      ok: false,
      refusal: { type: "SubAccountNotEligible", packageId: "p2", customerId: "ea1" },
    });
    expect(decideAttachPackage(selfService, { ...selfFacts({ subscriber: bare(ea1) }), package: pkg("p2", ra, ["ea2"]) })).toEqual({
      ok: false,
      refusal: { type: "SelfServiceNotEligible" },
    });
    expect(decideAttachPackage(selfService, { ...selfFacts({ subscriber: bare(ea1) }), package: pkg("p2", ea1, "ALL") })).toEqual({
      ok: false,
      refusal: { type: "PackageNotBuyPackage", packageId: "p2" },
    });
  });
});

describe("decideDetachPackage", () => {
  const sell: PackageChangeRequest = { identifier: imsi, packageId: "p1", myPackage: false };
  const selfService: PackageChangeRequest = { ...sell, myPackage: true };

  it("detaches the attached package, in both modes", () => {
    expect(decideDetachPackage(sell, sellFacts())).toEqual({ ok: true, value: { subscriberId: "s1" } });
    expect(decideDetachPackage(selfService, selfFacts())).toEqual({ ok: true, value: { subscriberId: "s1" } });
  });

  it("refuses a package that is not the attached one, or none attached (CurrentPackageMismatch)", () => {
    expect(decideDetachPackage({ ...sell, packageId: "px" }, sellFacts())).toEqual({
      ok: false,
      refusal: { type: "CurrentPackageMismatch", currentPackageId: "px", attachedPackageId: "p1" },
    });
    expect(decideDetachPackage(sell, sellFacts({ subscriber: sim(ea1, null) }))).toEqual({
      ok: false,
      refusal: { type: "CurrentPackageMismatch", currentPackageId: "p1", attachedPackageId: null },
    });
  });

  it.each(selfServiceRefusals)("refuses self-service for %s (SelfServiceNotEligible)", (_what, overrides) => {
    expect(decideDetachPackage(selfService, selfFacts(overrides))).toEqual({ ok: false, refusal: { type: "SelfServiceNotEligible" } });
  });

  it("applies the subscriber rules of a replace", () => {
    expect(decideDetachPackage(sell, sellFacts({ subscriber: sim(rb, "p1") }))).toEqual({ ok: false, refusal: { type: "SubscriberNotFound", identifier: imsi } });
    expect(decideDetachPackage(sell, sellFacts({ subscriber: sim(da1, "p1") }))).toEqual({
      ok: false,
      refusal: { type: "SubscriberNotInSubAccount", subscriberId: "s1" },
    });
    expect(decideDetachPackage(selfService, selfFacts({ subscriber: sim(da1, "p1") }))).toEqual({
      ok: false,
      refusal: { type: "SubscriberNotOwn", subscriberId: "s1" },
    });
  });
});
