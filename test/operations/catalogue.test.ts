/** The catalogue through the API: createOffer, updatePackage, deletePackage. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  ATTACH_OFFER,
  ATTACH_PACKAGE,
  CREATE_OFFER,
  CREATE_PACKAGE,
  DELETE_PACKAGE,
  DETACH_PACKAGE,
  SET_EXTERNAL_PARAM_VALUE,
  UPDATE_PACKAGE,
  countRows,
  requestOf,
  requestsRecordedBy,
  run,
  without,
} from "../helpers/management";
import { startTestServer, type TestServer } from "../helpers/server";
import { C, MISSING, O, P, S, X, type CustomerName } from "../helpers/world";

const imsi = (value: string) => ({ type: "IMSI", value });
const MY_PACKAGES = `query($customerId: UUID!) {
  myPackages(customerId: $customerId, first: 100) { __typename ... on PackageConnection { totalCount nodes { id name } } }
}`;
const OWN_PACKAGES = `{ viewer { packages(first: 100) { totalCount nodes { id name description nestedOffers { id } } } } }`;
const OWN_OFFERS = `{ viewer { offers(first: 100) { totalCount nodes { id name kind poolCustomer { id } } } } }`;

describe("createOffer", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  const createOffer = (as: CustomerName, input: Record<string, unknown>) => run(t, as, CREATE_OFFER, { input });

  it("creates a REGULAR offer that is listed among the requester's offers and can go into a package and onto a subscriber", async () => {
    const result = await createOffer("RA", { name: " RA Fresh 2GB ", kind: "REGULAR" });
    expect(result).toEqual({
      __typename: "CreateOfferSuccess",
      requestId: expect.any(String),
      offer: { id: expect.any(String), name: "RA Fresh 2GB", kind: "REGULAR", owner: { id: C.RA }, poolCustomer: null },
    });
    const offerId = result.offer.id;
    expect(await requestOf(t, "RA", result.requestId)).toMatchObject({ operation: "CREATE_OFFER", status: "SUCCEEDED" });
    const offers = (await t.gql("RA", OWN_OFFERS)).body.data.viewer.offers;
    expect(offers.nodes).toContainEqual({ id: offerId, name: "RA Fresh 2GB", kind: "REGULAR", poolCustomer: null });
    // EA1 sees it as a Buy plan of its parent.
    const buyPlans = (await t.gql("EA1", `{ viewer { parent { offers(first: 100) { nodes { id } } } } }`)).body.data.viewer.parent.offers.nodes;
    expect(buyPlans).toContainEqual({ id: offerId });

    const pkg = await run(t, "RA", CREATE_PACKAGE, {
      customerId: C.RA,
      input: { name: "Fresh", nestedOfferIds: [offerId, O.RA_REG1], eligibleSubAccounts: { all: true } },
    });
    expect(pkg).toMatchObject({ __typename: "CreatePackageSuccess", package: { nestedOffers: [{ id: offerId }, { id: O.RA_REG1 }] } });
    const attached = await run(t, "RA", ATTACH_OFFER, { input: { subscriber: imsi(S.EA1_3.imsi), offerId, priority: 77 } });
    expect(attached).toMatchObject({ __typename: "AttachOfferSuccess", subscriberOffer: { priority: 77, offer: { id: offerId } } });
  });

  it("creates a POOL offer for a direct sub-account: onto that sub-account's subscribers only, never into a package", async () => {
    const result = await createOffer("RA", { name: "EA2 Pool 50GB", kind: "POOL", poolCustomerId: C.EA2 });
    expect(result).toMatchObject({
      __typename: "CreateOfferSuccess",
      offer: { name: "EA2 Pool 50GB", kind: "POOL", owner: { id: C.RA }, poolCustomer: { id: C.EA2 } },
    });
    const offerId = result.offer.id;
    expect(await run(t, "RA", ATTACH_OFFER, { input: { subscriber: { type: "MSISDN", value: S.EA2_1.msisdn }, offerId } })).toMatchObject({
      __typename: "AttachOfferSuccess",
      subscriberOffer: { offer: { id: offerId } },
    });
    expect(await run(t, "RA", ATTACH_OFFER, { input: { subscriber: imsi(S.EA1_3.imsi), offerId } })).toMatchObject({
      __typename: "PoolPlanNotForSubAccount",
      offerId,
      subscriberId: S.EA1_3.id,
    });
    expect(
      await run(t, "RA", CREATE_PACKAGE, {
        customerId: C.RA,
        input: { name: "With pool", nestedOfferIds: [offerId], eligibleSubAccounts: { all: true } },
      }),
    ).toMatchObject({ __typename: "PoolOffersNotAllowedInPackage", offerIds: [offerId] });
  });

  it.each([
    ["a grandchild", C.DA1],
    ["another tenant's customer", C.EB1],
    ["the requester itself", C.RA],
    ["the requester's parent", C.OP],
    ["an unknown id", MISSING],
  ])("refuses a POOL offer for %s with PoolCustomerNotSubAccount, creating nothing", async (_label, poolCustomerId) => {
    const offers = await countRows(t, "offers");
    const recorded = await requestsRecordedBy(t, async () => {
      expect(await createOffer("RA", { name: "Pool", kind: "POOL", poolCustomerId })).toEqual({
        __typename: "PoolCustomerNotSubAccount",
        code: "VALIDATION_FAILED",
        message: "A pool plan is made for one of your direct sub-accounts",
        customerId: poolCustomerId,
      });
    });
    expect(recorded).toEqual([{ requesterId: C.RA, operation: "createOffer", status: "FAILED", code: "VALIDATION_FAILED" }]);
    expect(await countRows(t, "offers")).toBe(offers);
  });

  it.each([
    ["a REGULAR offer naming a pool customer", { name: "R", kind: "REGULAR", poolCustomerId: C.EA1 }, "input.poolCustomerId"],
    ["a POOL offer without a pool customer", { name: "P", kind: "POOL" }, "input.poolCustomerId"],
    ["a blank name", { name: "  ", kind: "REGULAR" }, "input.name"],
    ["a name over 200 characters", { name: "n".repeat(201), kind: "REGULAR" }, "input.name"],
  ])("refuses %s with ValidationFailed naming the path, changing nothing", async (_label, input, path) => {
    const before = await t.db.digest();
    expect(await createOffer("RA", input)).toEqual({
      __typename: "ValidationFailed",
      code: "VALIDATION_FAILED",
      message: "The input is not valid",
      issues: [{ path, message: expect.any(String) }],
    });
    expect(await t.db.digest()).toBe(before);
  });
});

describe("updatePackage", () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer();
  });
  afterEach(() => t.close());

  const update = (as: CustomerName, input: Record<string, unknown>) => run(t, as, UPDATE_PACKAGE, { input });
  const packageRow = (id: string) => t.db.row("SELECT name, name_key, description, eligible_all FROM packages WHERE id = ?", id);
  const packageContents = async (id: string) => ({
    offers: await t.db.column("SELECT offer_id FROM package_offers WHERE package_id = ? ORDER BY position", id),
    eligible: await t.db.column("SELECT customer_id FROM package_eligible_customers WHERE package_id = ? ORDER BY customer_id", id),
  });

  it("renames a package; only the name changes", async () => {
    const result = await update("RA", { packageId: P.RA_PREMIUM, name: "  Gold  " });
    expect(result).toEqual({
      __typename: "UpdatePackageSuccess",
      requestId: expect.any(String),
      package: {
        id: P.RA_PREMIUM,
        name: "Gold",
        description: "The RA_PREMIUM package",
        owner: { id: C.RA },
        nestedOffers: [{ id: O.RA_REG3 }, { id: O.RA_REG1 }],
        eligibleSubAccounts: { all: false, customers: [{ id: C.EA1 }] },
      },
    });
    expect(await requestOf(t, "RA", result.requestId)).toMatchObject({ operation: "UPDATE_PACKAGE", status: "SUCCEEDED", code: null });
    expect((await t.gql("EA1", MY_PACKAGES, { customerId: C.EA1 })).body.data.myPackages.nodes).toContainEqual({ id: P.RA_PREMIUM, name: "Gold" });
  });

  it("refuses another of the owner's package names, compared trimmed and case-insensitively", async () => {
    const before = await packageRow(P.RA_NONE);
    expect(await update("RA", { packageId: P.RA_NONE, name: "  PACKAGE ra_basic " })).toEqual({
      __typename: "PackageNameTaken",
      code: "VALIDATION_FAILED",
      message: "A package with this name already exists",
      name: "PACKAGE ra_basic",
      packageId: P.RA_BASIC,
    });
    expect(await packageRow(P.RA_NONE)).toEqual(before);
  });

  it("accepts the package's own name (in another case), and another owner's package name", async () => {
    expect(await update("RA", { packageId: P.RA_NONE, name: "PACKAGE RA_NONE" })).toMatchObject({
      __typename: "UpdatePackageSuccess",
      package: { name: "PACKAGE RA_NONE" },
    });
    expect(await update("RA", { packageId: P.RA_NONE, name: "Package RB_ALL" })).toMatchObject({
      __typename: "UpdatePackageSuccess",
      package: { name: "Package RB_ALL" },
    });
  });

  it("changes the description, and clears it with an empty string", async () => {
    expect((await update("RA", { packageId: P.RA_BASIC, description: "Everyday bundle" })).package).toMatchObject({
      name: "Package RA_BASIC",
      description: "Everyday bundle",
    });
    expect((await update("RA", { packageId: P.RA_BASIC, description: "" })).package.description).toBeNull();
    expect(await packageRow(P.RA_BASIC)).toMatchObject({ name: "Package RA_BASIC", description: null });
  });

  it("changes eligibility (also on an attached package: its subscribers keep it)", async () => {
    expect((await t.gql("RA", MY_PACKAGES, { customerId: C.EA2 })).body.data.myPackages.nodes.map((n: { id: string }) => n.id)).not.toContain(
      P.RA_PREMIUM,
    );
    const result = await update("RA", { packageId: P.RA_PREMIUM, eligibleSubAccounts: { ids: [C.EA2] } });
    expect(result.package.eligibleSubAccounts).toEqual({ all: false, customers: [{ id: C.EA2 }] });
    expect((await packageContents(P.RA_PREMIUM)).eligible).toEqual([C.EA2]);
    expect((await t.gql("RA", MY_PACKAGES, { customerId: C.EA2 })).body.data.myPackages.nodes.map((n: { id: string }) => n.id)).toContain(P.RA_PREMIUM);
    expect((await t.gql("RA", MY_PACKAGES, { customerId: C.EA1 })).body.data.myPackages.nodes.map((n: { id: string }) => n.id)).not.toContain(
      P.RA_PREMIUM,
    );
    // EA1_2 still has RA_PREMIUM attached.
    expect(await t.db.value("SELECT package_id FROM subscribers WHERE id = ?", S.EA1_2.id)).toBe(P.RA_PREMIUM);

    const all = await update("RA", { packageId: P.RA_PREMIUM, eligibleSubAccounts: { all: true } });
    expect(all.package.eligibleSubAccounts).toEqual({ all: true, customers: [] });
    expect(await packageRow(P.RA_PREMIUM)).toMatchObject({ eligible_all: true });
  });

  it("refuses eligible ids that are not direct sub-accounts", async () => {
    expect(await update("RA", { packageId: P.RA_NONE, eligibleSubAccounts: { ids: [C.EA2, C.DA1] } })).toEqual({
      __typename: "NotDirectSubAccounts",
      code: "VALIDATION_FAILED",
      message: "Eligible sub-accounts must be your direct sub-accounts",
      customerIds: [C.DA1],
    });
    expect((await packageContents(P.RA_NONE)).eligible).toEqual([]);
  });

  it("changes the nested offers of a package no subscriber has; attaching it then follows the new order", async () => {
    const result = await update("RA", { packageId: P.RA_NONE, nestedOfferIds: [O.RA_REG3, O.RA_REG2, O.RA_REG1], eligibleSubAccounts: { all: true } });
    expect(result.package.nestedOffers).toEqual([{ id: O.RA_REG3 }, { id: O.RA_REG2 }, { id: O.RA_REG1 }]);
    expect((await packageContents(P.RA_NONE)).offers).toEqual([O.RA_REG3, O.RA_REG2, O.RA_REG1]);
    const attached = await run(t, "RA", ATTACH_PACKAGE, { input: { subscriber: { type: "MSISDN", value: S.EA2_1.msisdn }, packageId: P.RA_NONE } });
    expect(attached.subscriber.offers.map((o: any) => [o.offer.id, o.priority])).toEqual([
      [O.RA_REG3, 3],
      [O.RA_REG2, 2],
      [O.RA_REG1, 1],
    ]);
  });

  it("refuses to change (or reorder) the nested offers of an attached package with PackageInUse", async () => {
    const before = await packageContents(P.OP_ALL);
    const recorded = await requestsRecordedBy(t, async () => {
      expect(await update("OP", { packageId: P.OP_ALL, nestedOfferIds: [O.OP_REG2, O.OP_REG1] })).toEqual({
        __typename: "PackageInUse",
        code: "VALIDATION_FAILED",
        message: "The package is attached to subscribers",
        packageId: P.OP_ALL,
        subscriberCount: 2,
      });
    });
    expect(recorded).toEqual([{ requesterId: C.OP, operation: "updatePackage", status: "FAILED", code: "VALIDATION_FAILED" }]);
    expect(await update("RA", { packageId: P.RA_BASIC, nestedOfferIds: [O.RA_REG1] })).toMatchObject({
      __typename: "PackageInUse",
      packageId: P.RA_BASIC,
      subscriberCount: 1,
    });
    expect(await packageContents(P.OP_ALL)).toEqual(before);
    // The same offers in the same order are no change: renaming an attached package works.
    expect(await update("OP", { packageId: P.OP_ALL, name: "All in", nestedOfferIds: [O.OP_REG1, O.OP_REG2] })).toMatchObject({
      __typename: "UpdatePackageSuccess",
      package: { name: "All in" },
    });
  });

  it("refuses offers that are not the owner's own, and an empty offer list", async () => {
    expect(await update("RA", { packageId: P.RA_NONE, nestedOfferIds: [O.RA_REG1, O.OP_REG1] })).toMatchObject({
      __typename: "OffersNotOwned",
      code: "VALIDATION_FAILED",
      offerIds: [O.OP_REG1],
    });
    const before = await t.db.digest();
    expect(await update("RA", { packageId: P.RA_NONE, nestedOfferIds: [] })).toMatchObject({
      __typename: "ValidationFailed",
      issues: [{ path: "input.nestedOfferIds" }],
    });
    expect(await t.db.digest()).toBe(before);
  });

  it("answers another tenant's package exactly like an unknown one (PackageNotFound)", async () => {
    const before = await packageRow(P.RB_ALL);
    const other = await update("RA", { packageId: P.RB_ALL, name: "Taken over" });
    expect(other).toEqual({
      __typename: "PackageNotFound",
      code: "VALIDATION_FAILED",
      message: "No package you can see has this id",
      packageId: P.RB_ALL,
    });
    expect(without(await update("RA", { packageId: MISSING, name: "Taken over" }), "packageId")).toEqual(without(other, "packageId"));
    expect(await packageRow(P.RB_ALL)).toEqual(before);
  });

  it("refuses a visible package that is not the requester's own with PackageNotSellPackage", async () => {
    // The parent's package.
    expect(await update("RA", { packageId: P.OP_ALL, name: "Mine" })).toEqual({
      __typename: "PackageNotSellPackage",
      code: "VALIDATION_FAILED",
      message: "The package must be one of your own",
      packageId: P.OP_ALL,
    });
    // A sub-account's package.
    const child = await run(t, "EA1", CREATE_PACKAGE, {
      customerId: C.EA1,
      input: { name: "EA1 pack", nestedOfferIds: [O.EA1_REG1], eligibleSubAccounts: { all: true } },
    });
    expect(await update("RA", { packageId: child.package.id, name: "Mine" })).toMatchObject({
      __typename: "PackageNotSellPackage",
      packageId: child.package.id,
    });
    expect(await packageRow(child.package.id)).toMatchObject({ name: "EA1 pack" });
  });
});

describe("deletePackage", () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer();
  });
  afterEach(() => t.close());

  const remove = (as: CustomerName, packageId: string) => run(t, as, DELETE_PACKAGE, { input: { packageId } });
  const ids = (connection: { nodes: { id: string }[] }) => connection.nodes.map((n) => n.id);

  it("deletes an unattached own package with its contents and values: gone from viewer.packages and myPackages", async () => {
    const set = await run(t, "RA", SET_EXTERNAL_PARAM_VALUE, { input: { configId: X.RA_PACKAGE, entityId: P.RA_BASIC, value: "gold" } });
    expect(set.__typename).toBe("SetExternalParamValueSuccess");
    // RA_BASIC is attached to EA1_1: detach it first, then delete.
    expect(await remove("RA", P.RA_BASIC)).toMatchObject({ __typename: "PackageInUse", subscriberCount: 1 });
    const detached = await run(t, "RA", DETACH_PACKAGE, { input: { subscriber: imsi(S.EA1_1.imsi), packageId: P.RA_BASIC } });
    expect(detached.__typename).toBe("DetachPackageSuccess");
    expect(ids((await t.gql("RA", MY_PACKAGES, { customerId: C.EA2 })).body.data.myPackages)).toContain(P.RA_BASIC);

    const result = await remove("RA", P.RA_BASIC);
    expect(result).toEqual({ __typename: "DeletePackageSuccess", requestId: expect.any(String), packageId: P.RA_BASIC });
    expect(await requestOf(t, "RA", result.requestId)).toMatchObject({ operation: "DELETE_PACKAGE", status: "SUCCEEDED", code: null });
    expect(ids((await t.gql("RA", OWN_PACKAGES)).body.data.viewer.packages)).not.toContain(P.RA_BASIC);
    expect(ids((await t.gql("RA", MY_PACKAGES, { customerId: C.EA2 })).body.data.myPackages)).not.toContain(P.RA_BASIC);
    expect(ids((await t.gql("EA1", MY_PACKAGES, { customerId: C.EA1 })).body.data.myPackages)).not.toContain(P.RA_BASIC);
    expect(await countRows(t, "packages", "id = ?", P.RA_BASIC)).toBe(0);
    expect(await countRows(t, "package_offers", "package_id = ?", P.RA_BASIC)).toBe(0);
    expect(await countRows(t, "external_param_values", "entity_id = ?", P.RA_BASIC)).toBe(0);
    // The offers themselves stay.
    expect(await countRows(t, "offers", "id IN (?, ?)", O.RA_REG1, O.RA_REG2)).toBe(2);
  });

  it("deletes a package no subscriber ever had", async () => {
    expect(await remove("RA", P.RA_NONE)).toMatchObject({ __typename: "DeletePackageSuccess", packageId: P.RA_NONE });
    expect(await countRows(t, "packages", "id = ?", P.RA_NONE)).toBe(0);
  });

  it("refuses an attached package with PackageInUse and keeps it", async () => {
    const recorded = await requestsRecordedBy(t, async () => {
      expect(await remove("OP", P.OP_ALL)).toEqual({
        __typename: "PackageInUse",
        code: "VALIDATION_FAILED",
        message: "The package is attached to subscribers",
        packageId: P.OP_ALL,
        subscriberCount: 2,
      });
    });
    expect(recorded).toEqual([{ requesterId: C.OP, operation: "deletePackage", status: "FAILED", code: "VALIDATION_FAILED" }]);
    expect(await countRows(t, "packages", "id = ?", P.OP_ALL)).toBe(1);
  });

  it("answers another tenant's package like an unknown one, and a visible package not its own with PackageNotSellPackage", async () => {
    const other = await remove("RA", P.RB_ALL);
    expect(other).toEqual({ __typename: "PackageNotFound", code: "VALIDATION_FAILED", message: "No package you can see has this id", packageId: P.RB_ALL });
    expect(without(await remove("RA", MISSING), "packageId")).toEqual(without(other, "packageId"));
    expect(await remove("RA", P.OP_RA)).toEqual({
      __typename: "PackageNotSellPackage",
      code: "VALIDATION_FAILED",
      message: "The package must be one of your own",
      packageId: P.OP_RA,
    });
    // The parent's packages a customer is eligible for are visible to it (its Buy packages): not its own.
    expect(await remove("EA1", P.RA_BASIC)).toMatchObject({ __typename: "PackageNotSellPackage", packageId: P.RA_BASIC });
    // The parent's packages it is not eligible for are hidden like any other.
    expect(await remove("EA1", P.RA_NONE)).toMatchObject({ __typename: "PackageNotFound", packageId: P.RA_NONE });
    expect(await countRows(t, "packages", "id IN (?, ?, ?, ?)", P.RB_ALL, P.OP_RA, P.RA_NONE, P.RA_BASIC)).toBe(4);
  });
});
