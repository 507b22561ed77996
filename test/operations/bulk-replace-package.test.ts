/** bulkReplacePackage (SPEC section 2 rows 5-6; seed bulk-replace-subscriber-package.txt). */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { requestRows } from "../helpers/management";
import { startTestServer, type TestServer } from "../helpers/server";
import { C, MISSING, O, P, S, testWorld, type CustomerName } from "../helpers/world";

const BULK = `mutation($input: BulkReplacePackageInput!) {
  bulkReplacePackage(input: $input) {
    __typename
    ... on BulkReplacePackageSuccess {
      succeededCount failedCount
      results {
        index requestId subscriber { type value } currentPackageId newPackageId myPackage
        error {
          __typename
          ... on ErrorResult { code message }
          ... on ValidationFailed { issues { path } }
          ... on CurrentPackageMismatch { currentPackageId attachedPackageId }
          ... on SubAccountNotEligible { packageId customerId }
        }
      }
    }
    ... on ErrorResult { code message }
    ... on ValidationFailed { issues { path message } }
  }
}`;

const imsi = (value: string) => ({ type: "IMSI", value });
const item = (subscriber: { type: string; value: string }, currentPackageId: string, newPackageId: string, myPackage?: boolean) => ({
  subscriber,
  currentPackageId,
  newPackageId,
  ...(myPackage === undefined ? {} : { myPackage }),
});

describe("bulkReplacePackage", () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer({ config: { bulkItemLimit: 20 } });
  });
  afterEach(() => t.close());

  const bulk = async (as: CustomerName, items: unknown[]) =>
    (await t.gql(as, BULK, { input: { items } })).body.data.bulkReplacePackage;
  const stateOf = async (subscriberId: string) => ({
    packageId: await t.db.value<string | null>("SELECT package_id FROM subscribers WHERE id = ?", subscriberId),
    offers: await t.db.rows<{ id: string; offerId: string; priority: number | null; packageId: string | null; isPool: boolean; attachedAt: number; attachedById: string }>(
      `SELECT id, offer_id AS "offerId", priority, package_id AS "packageId", is_pool AS "isPool", attached_at AS "attachedAt",
              attached_by_id AS "attachedById"
       FROM subscriber_offers WHERE subscriber_id = ? ORDER BY id`,
      subscriberId,
    ),
  });

  it("detaches the current package and attaches the new one with its offers, leaving other offers alone", async () => {
    const manual = await t.gql("RA", `mutation($i: AttachOfferInput!) { attachOffer(input: $i) { ... on AttachOfferSuccess { subscriberOffer { id } } } }`, {
      i: { subscriber: imsi(S.EA1_1.imsi), offerId: O.RA_REG3, priority: 50 },
    });
    const result = await bulk("RA", [item(imsi(S.EA1_1.imsi), P.RA_BASIC, P.RA_PREMIUM)]);
    expect(result).toMatchObject({ __typename: "BulkReplacePackageSuccess", succeededCount: 1, failedCount: 0 });
    expect(result.results[0]).toMatchObject({ index: 0, error: null, myPackage: false, subscriber: imsi(S.EA1_1.imsi) });
    const after = await stateOf(S.EA1_1.id);
    expect(after.packageId).toBe(P.RA_PREMIUM);
    const byPackage = after.offers.filter((o) => o.packageId === P.RA_PREMIUM).sort((a, b) => b.priority! - a.priority!);
    expect(byPackage.map((o) => [o.offerId, o.priority])).toEqual([[O.RA_REG3, 2], [O.RA_REG1, 1]]);
    expect(after.offers.filter((o) => o.packageId === P.RA_BASIC)).toEqual([]);
    expect(after.offers.find((o) => o.packageId === null)!.id).toBe(manual.body.data.attachOffer.subscriberOffer.id);
    const request = await t.gql("RA", `query($id: UUID!) { request(id: $id) { operation status } }`, { id: result.results[0].requestId });
    expect(request.body.data.request).toEqual({ operation: "BULK_REPLACE_PACKAGE", status: "SUCCEEDED" });
  });

  it("re-attaches a package replaced with itself (fresh offer instances)", async () => {
    const before = await stateOf(S.EA1_1.id);
    const result = await bulk("RA", [item(imsi(S.EA1_1.imsi), P.RA_BASIC, P.RA_BASIC)]);
    expect(result.succeededCount).toBe(1);
    const after = await stateOf(S.EA1_1.id);
    expect(after.packageId).toBe(P.RA_BASIC);
    expect(after.offers.map((o) => o.offerId).sort()).toEqual(before.offers.map((o) => o.offerId).sort());
    expect(after.offers.map((o) => o.id)).not.toEqual(before.offers.map((o) => o.id));
  });

  it("runs items in input order, so two items for one subscriber chain", async () => {
    const result = await bulk("RA", [
      item(imsi(S.EA1_1.imsi), P.RA_BASIC, P.RA_PREMIUM),
      item(imsi(S.EA1_1.imsi), P.RA_PREMIUM, P.RA_BASIC),
      item(imsi(S.EA1_1.imsi), P.RA_PREMIUM, P.RA_BASIC),
    ]);
    expect(result.results.map((r: { error: { __typename: string } | null }) => r.error?.__typename ?? null)).toEqual([
      null,
      null,
      "CurrentPackageMismatch",
    ]);
    expect(result.results[2].error).toMatchObject({ code: "SUBSCRIBER_1060", message: "Failed to replace packages", currentPackageId: P.RA_PREMIUM, attachedPackageId: P.RA_BASIC });
    expect((await stateOf(S.EA1_1.id)).packageId).toBe(P.RA_BASIC);
  });

  it("echoes each item, myPackage defaulting to false, and gives failed items no requestId", async () => {
    const result = await bulk("RA", [item(imsi(S.EA1_1.imsi), P.RA_BASIC, P.RA_PREMIUM), item(imsi(S.EA1_1.imsi), MISSING, P.RA_BASIC, false)]);
    expect(result.results).toEqual([
      expect.objectContaining({ index: 0, myPackage: false, currentPackageId: P.RA_BASIC, newPackageId: P.RA_PREMIUM, error: null }),
      expect.objectContaining({ index: 1, myPackage: false, currentPackageId: MISSING, requestId: null }),
    ]);
    expect(result.results[0].requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("fails one item without undoing another, and records a request per item", async () => {
    const before = (await requestRows(t)).length;
    const result = await bulk("RA", [
      item(imsi(S.EA1_1.imsi), P.RA_BASIC, P.RA_PREMIUM),
      item({ type: "ICCID", value: S.EA1_2.iccid }, P.RA_PREMIUM, P.RA_NONE),
    ]);
    expect(result).toMatchObject({ succeededCount: 1, failedCount: 1 });
    expect(result.results[1].error).toEqual({
      __typename: "SubAccountNotEligible",
      code: "SUBSCRIBER_1060",
      message: "Failed to replace packages",
      packageId: P.RA_NONE,
      customerId: C.EA1,
    });
    const recorded = (await requestRows(t)).slice(before);
    expect(recorded.map((r) => [r.operation, r.status, r.code])).toEqual([
      ["bulkReplacePackage", "SUCCEEDED", null],
      ["bulkReplacePackage", "FAILED", "SUBSCRIBER_1060"],
    ]);
    expect((await stateOf(S.EA1_1.id)).packageId).toBe(P.RA_PREMIUM);
    expect((await stateOf(S.EA1_2.id)).packageId).toBe(P.RA_PREMIUM);
  });

  it.each([
    ["the parent's package (not a Sell package)", S.EA1_1.imsi, P.RA_BASIC, P.OP_ALL, "PackageNotSellPackage"],
    ["another tenant's package", S.EA1_1.imsi, P.RA_BASIC, P.RB_ALL, "PackageNotFound"],
    ["an unknown package", S.EA1_1.imsi, P.RA_BASIC, MISSING, "PackageNotFound"],
    ["another tenant's subscriber", S.EB1_1.imsi, P.RB_ALL, P.RA_BASIC, "SubscriberNotFound"],
    ["an unknown subscriber", "222019999999999", P.RA_BASIC, P.RA_BASIC, "SubscriberNotFound"],
    ["a grandchild's subscriber", S.DA1_1.imsi, P.RA_BASIC, P.RA_BASIC, "SubscriberNotInSubAccount"],
  ])("refuses %s with SUBSCRIBER_1060", async (_label, value, current, next, type) => {
    const result = await bulk("RA", [item(imsi(value), current, next)]);
    expect(result.results[0].error).toMatchObject({ __typename: type, code: "SUBSCRIBER_1060", message: "Failed to replace packages" });
    expect(result.results[0].requestId).toBeNull();
  });

  it("answers another tenant's subscriber and package exactly like unknown ones", async () => {
    const other = await bulk("RA", [item(imsi(S.EB1_1.imsi), P.RB_ALL, P.RA_BASIC), item(imsi(S.EA1_1.imsi), P.RA_BASIC, P.RB_ALL)]);
    const unknown = await bulk("RA", [item(imsi("222019999999999"), P.RB_ALL, P.RA_BASIC), item(imsi(S.EA1_1.imsi), P.RA_BASIC, MISSING)]);
    const errors = (r: any) => r.results.map((x: any) => x.error);
    expect(errors(other)).toEqual(errors(unknown));
  });

  it("answers a parent's package the requester is not eligible for exactly like an unknown one, in both modes", async () => {
    // OP_RB is RA's parent's package, made for RB only: RA cannot see it.
    const hidden = await bulk("RA", [item(imsi(S.EA1_1.imsi), P.RA_BASIC, P.OP_RB), item({ type: "IMEI", value: S.RA_1.imei }, P.OP_ALL, P.OP_RB, true)]);
    const unknown = await bulk("RA", [item(imsi(S.EA1_1.imsi), P.RA_BASIC, MISSING), item({ type: "IMEI", value: S.RA_1.imei }, P.OP_ALL, MISSING, true)]);
    const errors = (r: any) => r.results.map((x: any) => x.error);
    expect(errors(hidden)).toEqual([
      { __typename: "PackageNotFound", code: "SUBSCRIBER_1060", message: "Failed to replace packages" },
      { __typename: "SelfServiceNotEligible", code: "AUTH_1021", message: "You are not eligible to use the self-service mode" },
    ]);
    expect(errors(unknown)).toEqual(errors(hidden));
    expect((await stateOf(S.EA1_1.id)).packageId).toBe(P.RA_BASIC);
    expect((await stateOf(S.RA_1.id)).packageId).toBe(P.OP_ALL);
  });

  describe("myPackage true (self-service with the parent's packages)", () => {
    it("replaces a parent's package on the requester's own subscriber", async () => {
      const result = await bulk("RA", [item({ type: "IMEI", value: S.RA_1.imei }, P.OP_ALL, P.OP_RA, true)]);
      expect(result.results[0]).toMatchObject({ myPackage: true, error: null });
      expect((await stateOf(S.RA_1.id)).packageId).toBe(P.OP_RA);
    });

    it("refuses without the parent's delegation: SelfServiceNotEligible / AUTH_1021", async () => {
      const result = await bulk("RB", [item(imsi(S.RB_1.imsi), P.OP_ALL, P.OP_RB, true)]);
      expect(result.results[0].error).toEqual({
        __typename: "SelfServiceNotEligible",
        code: "AUTH_1021",
        message: "You are not eligible to use the self-service mode",
      });
      expect((await stateOf(S.RB_1.id)).packageId).toBe(P.OP_ALL);
    });

    it("refuses a new package the requester is not eligible for with AUTH_1021", async () => {
      const result = await bulk("RA", [item({ type: "IMEI", value: S.RA_1.imei }, P.OP_ALL, P.OP_RB, true)]);
      expect(result.results[0].error).toMatchObject({ __typename: "SelfServiceNotEligible", code: "AUTH_1021" });
    });

    it("refuses a package that is not the parent's with PackageNotBuyPackage", async () => {
      const result = await bulk("RA", [item({ type: "IMEI", value: S.RA_1.imei }, P.OP_ALL, P.RA_BASIC, true)]);
      expect(result.results[0].error).toMatchObject({ __typename: "PackageNotBuyPackage", code: "SUBSCRIBER_1060" });
    });

    it("refuses a descendant's subscriber with SubscriberNotOwn", async () => {
      const result = await bulk("RA", [item(imsi(S.EA1_1.imsi), P.RA_BASIC, P.OP_ALL, true)]);
      expect(result.results[0].error).toMatchObject({ __typename: "SubscriberNotOwn", code: "SUBSCRIBER_1060" });
    });
  });

  it("refuses self-service when the parent allocated no package to the requester (AUTH_1021)", async () => {
    await t.close();
    const world = testWorld();
    // RA's packages are for EA2 only: EA1 (delegation on) has none allocated.
    for (const pkg of world.packages) if (pkg.ownerId === C.RA) pkg.eligibleSubAccountIds = [C.EA2];
    world.subscribers = world.subscribers.map((s) => (s.customerId === C.EA1 ? { ...s, packageId: null } : s));
    t = await startTestServer({ world });
    const result = await bulk("EA1", [item(imsi(S.EA1_3.imsi), P.RA_BASIC, P.RA_BASIC, true)]);
    expect(result.results[0].error).toMatchObject({ __typename: "SelfServiceNotEligible", code: "AUTH_1021" });
  });

  it("keeps the old package and offers of a subscriber whose attach fails, and applies the other items", async () => {
    // Make the database refuse any offer coming with RA_PREMIUM: the attach half of that item fails.
    await t.db.failOn("subscriber_offers", "INSERT", "injected attach failure", `NEW.package_id = '${P.RA_PREMIUM}'`);
    const before = await stateOf(S.EA1_1.id);
    const result = await bulk("RA", [
      item(imsi(S.EA1_3.imsi), P.RA_BASIC, P.RA_BASIC),
      item(imsi(S.EA1_1.imsi), P.RA_BASIC, P.RA_PREMIUM),
      item({ type: "ICCID", value: S.EA1_2.iccid }, P.RA_PREMIUM, P.RA_BASIC),
    ]);
    expect(result.results[0].error?.__typename).toBe("CurrentPackageMismatch");
    expect(result.results[1]).toMatchObject({
      requestId: null,
      error: { __typename: "ServiceUnavailable", code: "GLOBAL_1001", message: "Service unavailable. Please try again" },
    });
    expect(result.results[2].error).toBeNull();
    expect(await stateOf(S.EA1_1.id)).toEqual(before);
    expect((await stateOf(S.EA1_2.id)).packageId).toBe(P.RA_BASIC);
    expect(JSON.stringify(result)).not.toContain("injected");
    expect(t.logs.some((l) => l.level >= 50 && JSON.stringify(l).includes("injected attach failure"))).toBe(true);
  });

  it("reports a malformed identifier as that item's ValidationFailed and applies the others", async () => {
    const result = await bulk("RA", [item(imsi("abc"), P.RA_BASIC, P.RA_PREMIUM), item(imsi(S.EA1_1.imsi), P.RA_BASIC, P.RA_PREMIUM)]);
    expect(result.results[0].error).toMatchObject({ __typename: "ValidationFailed", code: "VALIDATION_FAILED", issues: [{ path: "input.items[0].subscriber.value" }] });
    expect(result.results[1].error).toBeNull();
  });

  it.each([
    ["over the configured item limit", 21],
    ["with no items", 0],
  ])("refuses a call %s as a whole with ValidationFailed, changing nothing", async (_label, count) => {
    const before = await t.db.digest();
    const items = Array.from({ length: count }, () => item(imsi(S.EA1_1.imsi), P.RA_BASIC, P.RA_PREMIUM));
    const result = await bulk("RA", items);
    expect(result).toMatchObject({ __typename: "ValidationFailed", code: "VALIDATION_FAILED", issues: [{ path: "input.items" }] });
    expect(await t.db.digest()).toBe(before);
  });
});

describe("bulkReplacePackage default item limit", () => {
  it("is 10,000: a call of 10,001 items is refused whole and changes nothing", async () => {
    const t = await startTestServer();
    try {
      expect(t.app).toBeDefined();
      const before = await t.db.digest();
      const items = Array.from({ length: 10_001 }, () => item(imsi(S.EA1_1.imsi), P.RA_BASIC, P.RA_BASIC));
      const result = (await t.gql("RA", BULK, { input: { items } })).body.data.bulkReplacePackage;
      expect(result).toMatchObject({ __typename: "ValidationFailed", issues: [{ path: "input.items", message: "at most 10000 items per call, got 10001" }] });
      expect(await t.db.digest()).toBe(before);
    } finally {
      await t.close();
    }
  });
});
