/** Packages (SPEC sections 1 and 2; README "Rules"): input, catalogue rules, ownership, priorities. */
import { describe, expect, it } from "vitest";
import {
  checkNotInUse,
  checkOwnPackage,
  checkPackageDraft,
  PACKAGE_DESCRIPTION_MAX,
  PACKAGE_ELIGIBLE_MAX,
  PACKAGE_NAME_MAX,
  PACKAGE_OFFERS_MAX,
  packageNameKey,
  packageOfferPriorities,
  readPackageInput,
  readPackageUpdate,
  readPackageUpdateShape,
  type PackageDraft,
  type PackageDraftFacts,
  type PackageInput,
} from "../../../src/domain/catalogue/packages";
import { issuesOf } from "../../../src/domain/refusals";
import type { Requester } from "../../../src/domain/accounts/requester";
import type { OfferFacts } from "../../../src/domain/accounts/visibility";
import { da1, ea1, ea2, op, other, ra, rb } from "../customer-tree";

const ids = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const paths = (decision: Parameters<typeof issuesOf>[0]) => issuesOf(decision).map((issue) => issue.path);

describe("packageNameKey", () => {
  it("compares names trimmed and case-insensitively", () => {
    expect(packageNameKey("  Roaming EU\t")).toBe(packageNameKey("roaming eu"));
    expect(packageNameKey("ROAMING EU")).toBe(packageNameKey("Roaming eu"));
    expect(packageNameKey("Roaming EU")).not.toBe(packageNameKey("Roaming US"));
  });

  it("takes a precomposed letter and its decomposed form as one name", () => {
    expect(packageNameKey("Ärger")).toBe(packageNameKey("A\u0308rger"));
    expect(packageNameKey("ärger")).toBe(packageNameKey("A\u0308RGER"));
  });

  it("keeps inner spaces: names differing in them are different names", () => {
    expect(packageNameKey("Roaming EU")).not.toBe(packageNameKey("RoamingEU"));
  });
});

describe("readPackageInput", () => {
  const input: PackageInput = { name: "Roaming", nestedOfferIds: ["o1", "o2"], eligibleSubAccounts: { ids: ["ea1"] } };

  it("accepts a package listing its eligible sub-accounts", () => {
    expect(readPackageInput({ ...input, name: "  Roaming EU ", description: " For travel " })).toEqual({
      ok: true,
      value: {
        name: "Roaming EU",
        nameKey: packageNameKey("Roaming EU"),
        description: "For travel",
        offerIds: ["o1", "o2"],
        eligibleAll: false,
        eligibleCustomerIds: ["ea1"],
      },
    });
  });

  it("accepts ALL sub-accounts, and an empty list naming none", () => {
    expect(readPackageInput({ ...input, eligibleSubAccounts: { all: true } })).toMatchObject({
      ok: true,
      value: { eligibleAll: true, eligibleCustomerIds: [] },
    });
    expect(readPackageInput({ ...input, eligibleSubAccounts: { all: null, ids: [] } })).toMatchObject({
      ok: true,
      value: { eligibleAll: false, eligibleCustomerIds: [] },
    });
  });

  it.each([undefined, null, "", "   "])("takes the description %j as none", (description) => {
    expect(readPackageInput({ ...input, description })).toMatchObject({ ok: true, value: { description: null } });
  });

  it("keeps the offers in the order given: position 0 is the highest priority", () => {
    expect(readPackageInput({ ...input, nestedOfferIds: ["o3", "o1", "o2"] })).toMatchObject({ ok: true, value: { offerIds: ["o3", "o1", "o2"] } });
  });

  it("accepts every part at its maximum", () => {
    const largest = {
      name: "n".repeat(PACKAGE_NAME_MAX),
      description: "d".repeat(PACKAGE_DESCRIPTION_MAX),
      nestedOfferIds: ids(PACKAGE_OFFERS_MAX, "o"),
      eligibleSubAccounts: { ids: ids(PACKAGE_ELIGIBLE_MAX, "c") },
    };
    expect(readPackageInput(largest)).toMatchObject({ ok: true });
  });

  it("does not share its arrays with the input", () => {
    const offerIds = ["o1"];
    const eligible = ["ea1"];
    const decision = readPackageInput({ name: "P", nestedOfferIds: offerIds, eligibleSubAccounts: { ids: eligible } });
    offerIds.push("o2");
    eligible.push("ea2");
    expect(decision).toMatchObject({ ok: true, value: { offerIds: ["o1"], eligibleCustomerIds: ["ea1"] } });
  });

  describe("refuses, at the exact input path", () => {
    const refused = (changes: Partial<PackageInput>, prefix?: string) => readPackageInput({ ...input, ...changes }, prefix);

    it.each(["", "  "])("a blank name %j", (name) => {
      expect(issuesOf(refused({ name }))).toEqual([{ path: "input.name", message: "name must not be empty" }]);
    });

    it("a name one character too long", () => {
      expect(issuesOf(refused({ name: "n".repeat(PACKAGE_NAME_MAX + 1) }))).toEqual([
        { path: "input.name", message: `name must be at most ${PACKAGE_NAME_MAX} characters` },
      ]);
    });

    it("a description one character too long", () => {
      expect(issuesOf(refused({ description: "d".repeat(PACKAGE_DESCRIPTION_MAX + 1) }))).toEqual([
        { path: "input.description", message: `description must be at most ${PACKAGE_DESCRIPTION_MAX} characters` },
      ]);
    });

    it("no offer", () => {
      expect(issuesOf(refused({ nestedOfferIds: [] }))).toEqual([{ path: "input.nestedOfferIds", message: "a package needs at least one offer" }]);
    });

    it("one offer too many", () => {
      expect(issuesOf(refused({ nestedOfferIds: ids(PACKAGE_OFFERS_MAX + 1, "o") }))).toEqual([
        { path: "input.nestedOfferIds", message: `a package holds at most ${PACKAGE_OFFERS_MAX} offers` },
      ]);
    });

    it("an offer listed twice, at each repetition", () => {
      expect(issuesOf(refused({ nestedOfferIds: ["o1", "o2", "o1", "o2", "o1"] }))).toEqual([
        { path: "input.nestedOfferIds[2]", message: "offer o1 is listed twice" },
        { path: "input.nestedOfferIds[3]", message: "offer o2 is listed twice" },
        { path: "input.nestedOfferIds[4]", message: "offer o1 is listed twice" },
      ]);
    });

    it.each([
      ["neither all nor ids", {}],
      ["both all and ids", { all: true, ids: ["ea1"] }],
      ["both, with all false", { all: false, ids: [] }],
      ["both null", { all: null, ids: null }],
    ])("eligibility with %s", (_what, eligibleSubAccounts) => {
      expect(issuesOf(refused({ eligibleSubAccounts }))).toEqual([
        { path: "input.eligibleSubAccounts", message: "give exactly one of { all: true } or { ids: [...] }" },
      ]);
    });

    it("all: false", () => {
      expect(issuesOf(refused({ eligibleSubAccounts: { all: false } }))).toEqual([
        { path: "input.eligibleSubAccounts.all", message: "all must be true; to name no sub-account give ids: []" },
      ]);
    });

    it("one eligible sub-account too many", () => {
      expect(issuesOf(refused({ eligibleSubAccounts: { ids: ids(PACKAGE_ELIGIBLE_MAX + 1, "c") } }))).toEqual([
        { path: "input.eligibleSubAccounts.ids", message: `at most ${PACKAGE_ELIGIBLE_MAX} sub-accounts` },
      ]);
    });

    it("a sub-account listed twice", () => {
      expect(issuesOf(refused({ eligibleSubAccounts: { ids: ["ea1", "ea2", "ea1"] } }))).toEqual([
        { path: "input.eligibleSubAccounts.ids[2]", message: "sub-account ea1 is listed twice" },
      ]);
    });

    it("every part at once, under the prefix it is given", () => {
      const decision = refused(
        { name: "", description: "d".repeat(PACKAGE_DESCRIPTION_MAX + 1), nestedOfferIds: ["o1", "o1"], eligibleSubAccounts: { all: false } },
        "$.packages[1]",
      );
      expect(decision).toMatchObject({ ok: false, refusal: { type: "ValidationFailed" } });
      expect(paths(decision)).toEqual([
        "$.packages[1].name",
        "$.packages[1].description",
        "$.packages[1].nestedOfferIds[1]",
        "$.packages[1].eligibleSubAccounts.all",
      ]);
    });
  });
});

describe("checkPackageDraft: the requester's own regular offers, its direct sub-accounts, a free name", () => {
  const draft: PackageDraft = {
    name: "Roaming",
    nameKey: "roaming",
    description: null,
    offerIds: ["o1", "o2"],
    eligibleAll: false,
    eligibleCustomerIds: ["ea1", "ea2"],
  };
  const offer = (id: string, ownerId = "ra", kind: OfferFacts["kind"] = "REGULAR"): OfferFacts => ({
    id,
    ownerId,
    kind,
    poolCustomerId: kind === "POOL" ? "ea1" : null,
  });
  const facts = (overrides: Partial<PackageDraftFacts> = {}): PackageDraftFacts => ({
    requester: ra,
    offers: [offer("o1"), offer("o2")],
    eligibleCustomers: [ea1, ea2],
    sameName: null,
    ...overrides,
  });

  it("accepts the draft as it is", () => {
    expect(checkPackageDraft(draft, facts())).toEqual({ ok: true, value: draft });
  });

  it("accepts ALL without looking for customers", () => {
    const all = { ...draft, eligibleAll: true, eligibleCustomerIds: [] };
    expect(checkPackageDraft(all, facts({ eligibleCustomers: [] }))).toEqual({ ok: true, value: all });
  });

  it("refuses offers not found or owned by another customer, naming each in draft order (OffersNotOwned)", () => {
    const three = { ...draft, offerIds: ["o3", "o1", "o2"] };
    expect(checkPackageDraft(three, facts({ offers: [offer("o1", "ea1"), offer("o2")] }))).toEqual({
      ok: false,
      refusal: { type: "OffersNotOwned", offerIds: ["o3", "o1"] },
    });
    expect(checkPackageDraft(draft, facts({ offers: [offer("o1", "op"), offer("o2", "other")] }))).toEqual({
      ok: false,
      refusal: { type: "OffersNotOwned", offerIds: ["o1", "o2"] },
    });
  });

  it("refuses the requester's own pool plans (PoolOffersNotAllowedInPackage)", () => {
    expect(checkPackageDraft(draft, facts({ offers: [offer("o1"), offer("o2", "ra", "POOL")] }))).toEqual({
      ok: false,
      refusal: { type: "PoolOffersNotAllowedInPackage", offerIds: ["o2"] },
    });
  });

  it.each([
    ["the requester itself", ra],
    ["a grandchild", da1],
    ["a sibling", rb],
    ["its parent", op],
    ["another tenant", other],
  ])("refuses %s as eligible (NotDirectSubAccounts)", (_what, stranger) => {
    const named = { ...draft, eligibleCustomerIds: ["ea1", stranger.id] };
    expect(checkPackageDraft(named, facts({ eligibleCustomers: [ea1, stranger] }))).toEqual({
      ok: false,
      refusal: { type: "NotDirectSubAccounts", customerIds: [stranger.id] },
    });
  });

  it("refuses an eligible id that names no customer", () => {
    expect(checkPackageDraft(draft, facts({ eligibleCustomers: [ea1] }))).toEqual({
      ok: false,
      refusal: { type: "NotDirectSubAccounts", customerIds: ["ea2"] },
    });
  });

  it("refuses a name another package of the owner has (PackageNameTaken)", () => {
    expect(checkPackageDraft(draft, facts({ sameName: { id: "p0" } }))).toEqual({
      ok: false,
      refusal: { type: "PackageNameTaken", name: "Roaming", packageId: "p0" },
    });
  });

  it("checks offers, then pool plans, then eligibility, then the name", () => {
    const everything = facts({ offers: [offer("o1", "ra", "POOL")], eligibleCustomers: [], sameName: { id: "p0" } });
    expect(checkPackageDraft(draft, everything)).toMatchObject({ refusal: { type: "OffersNotOwned" } });
    expect(checkPackageDraft(draft, { ...everything, offers: [offer("o1", "ra", "POOL"), offer("o2")] })).toMatchObject({
      refusal: { type: "PoolOffersNotAllowedInPackage" },
    });
    expect(checkPackageDraft(draft, { ...everything, offers: [offer("o1"), offer("o2")] })).toMatchObject({ refusal: { type: "NotDirectSubAccounts" } });
  });
});

describe("packageOfferPriorities", () => {
  it("gives position 0 the highest priority, n down to 1", () => {
    expect(packageOfferPriorities(["a", "b", "c"])).toEqual([
      { offerId: "a", priority: 3 },
      { offerId: "b", priority: 2 },
      { offerId: "c", priority: 1 },
    ]);
    expect(packageOfferPriorities(["only"])).toEqual([{ offerId: "only", priority: 1 }]);
  });

  it("gives every offer of the largest package a distinct positive priority", () => {
    const priorities = packageOfferPriorities(ids(PACKAGE_OFFERS_MAX, "o")).map((p) => p.priority);
    expect(new Set(priorities).size).toBe(PACKAGE_OFFERS_MAX);
    expect(Math.min(...priorities)).toBe(1);
  });
});

describe("readPackageUpdate: only the fields given change; the result is checked like a new package", () => {
  const current: PackageDraft = {
    name: "Roaming",
    nameKey: "roaming",
    description: "For travel",
    offerIds: ["o1", "o2"],
    eligibleAll: false,
    eligibleCustomerIds: ["ea1"],
  };

  it("keeps the current package when nothing is given", () => {
    expect(readPackageUpdate({ packageId: "p1" }, current)).toEqual({ ok: true, value: current });
    expect(readPackageUpdate({ packageId: "p1", name: null, nestedOfferIds: null, eligibleSubAccounts: null }, current)).toEqual({
      ok: true,
      value: current,
    });
  });

  it("keeps ALL eligibility when eligibility is not given", () => {
    const all = { ...current, eligibleAll: true, eligibleCustomerIds: [] };
    expect(readPackageUpdate({ packageId: "p1", name: "Renamed" }, all)).toMatchObject({ ok: true, value: { eligibleAll: true, eligibleCustomerIds: [] } });
  });

  it("changes the fields given", () => {
    expect(
      readPackageUpdate(
        { packageId: "p1", name: " Renamed ", description: "New", nestedOfferIds: ["o3"], eligibleSubAccounts: { all: true } },
        current,
      ),
    ).toEqual({
      ok: true,
      value: {
        name: "Renamed",
        nameKey: packageNameKey("Renamed"),
        description: "New",
        offerIds: ["o3"],
        eligibleAll: true,
        eligibleCustomerIds: [],
      },
    });
  });

  it.each([null, ""])("clears the description with %j", (description) => {
    expect(readPackageUpdate({ packageId: "p1", description }, current)).toMatchObject({ ok: true, value: { description: null } });
  });

  it("refuses what a new package would refuse, at the path of the field given", () => {
    expect(paths(readPackageUpdate({ packageId: "p1", name: " " }, current))).toEqual(["input.name"]);
    expect(paths(readPackageUpdate({ packageId: "p1", nestedOfferIds: [] }, current))).toEqual(["input.nestedOfferIds"]);
    expect(paths(readPackageUpdate({ packageId: "p1", eligibleSubAccounts: { all: false } }, current, "update"))).toEqual([
      "update.eligibleSubAccounts.all",
    ]);
  });
});

describe("readPackageUpdateShape: the fields given, before the package is looked up", () => {
  it("accepts an update that gives nothing", () => {
    expect(readPackageUpdateShape({ packageId: "p1" })).toMatchObject({ ok: true });
  });

  it("accepts valid fields", () => {
    expect(readPackageUpdateShape({ packageId: "p1", name: "Renamed", nestedOfferIds: ["o1"], eligibleSubAccounts: { ids: [] } })).toMatchObject({
      ok: true,
    });
  });

  it("refuses each malformed field given, at its path, and nothing else", () => {
    const decision = readPackageUpdateShape({
      packageId: "p1",
      name: "",
      description: "d".repeat(PACKAGE_DESCRIPTION_MAX + 1),
      nestedOfferIds: ["o1", "o1"],
      eligibleSubAccounts: { all: true, ids: ["ea1"] },
    });
    expect(paths(decision)).toEqual(["input.name", "input.description", "input.nestedOfferIds[1]", "input.eligibleSubAccounts"]);
  });
});

describe("checkOwnPackage: a package the requester may change", () => {
  const pkgOf = (owner: Requester, eligible: string[] | "ALL" = "ALL") => ({
    id: `p-${owner.id}`,
    ownerId: owner.id,
    owner,
    eligibleAll: eligible === "ALL",
    eligibleCustomerIds: eligible === "ALL" ? [] : eligible,
    offerIds: ["o1"],
  });

  it("accepts its own package and returns it", () => {
    const own = pkgOf(ra);
    expect(checkOwnPackage(ra, own, own.id)).toEqual({ ok: true, value: own });
  });

  it("names a package it can see but does not own: a descendant's, or one of its Buy packages (PackageNotSellPackage)", () => {
    expect(checkOwnPackage(ra, pkgOf(ea1), "asked")).toEqual({ ok: false, refusal: { type: "PackageNotSellPackage", packageId: "asked" } });
    expect(checkOwnPackage(ea1, pkgOf(ra, ["ea1"]), "asked")).toEqual({ ok: false, refusal: { type: "PackageNotSellPackage", packageId: "asked" } });
  });

  it.each([
    ["a parent's package it is not eligible for", pkgOf(ra, ["ea2"])],
    ["a grandparent's package", pkgOf(op)],
    ["a sibling's package", pkgOf(ea2)],
    ["another tenant's package", pkgOf(other)],
    ["no package", null],
  ])("answers %s with PackageNotFound", (_what, pkg) => {
    expect(checkOwnPackage(ea1, pkg, "asked")).toEqual({ ok: false, refusal: { type: "PackageNotFound", packageId: "asked" } });
  });
});

describe("checkNotInUse", () => {
  it("accepts a package no subscriber has", () => {
    expect(checkNotInUse("p1", 0)).toEqual({ ok: true, value: null });
  });

  it.each([1, 42])("refuses a package %d subscribers have (PackageInUse)", (subscriberCount) => {
    expect(checkNotInUse("p1", subscriberCount)).toEqual({ ok: false, refusal: { type: "PackageInUse", packageId: "p1", subscriberCount } });
  });
});
