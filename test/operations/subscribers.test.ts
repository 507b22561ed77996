/** Subscribers through the API: createSubscribers, attachPackage, detachPackage, detachOffer. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  ATTACH_OFFER,
  ATTACH_PACKAGE,
  CREATE_PACKAGE,
  CREATE_SUBSCRIBERS,
  DETACH_OFFER,
  DETACH_PACKAGE,
  countRows,
  requestOf,
  requestsRecordedBy,
  run,
  without,
} from "../helpers/management";
import { startTestServer, type TestServer } from "../helpers/server";
import { C, MISSING, O, P, S, type CustomerName } from "../helpers/world";

type Identifier = { type: string; value: string };
const imsi = (value: string): Identifier => ({ type: "IMSI", value });
const msisdn = (value: string): Identifier => ({ type: "MSISDN", value });
const FIND = `query($i: SubscriberIdentifierInput!) { subscriber(identifier: $i) { id customer { id } imsi iccid msisdn imei imeisv package { id } } }`;

const subscriberOffers = (t: TestServer, subscriberId: string) =>
  t.db.rows<{ id: string; offerId: string; priority: number | null; packageId: string | null }>(
    `SELECT id, offer_id AS "offerId", priority, package_id AS "packageId" FROM subscriber_offers WHERE subscriber_id = ? ORDER BY id`,
    subscriberId,
  );
const packageOf = (t: TestServer, subscriberId: string) => t.db.value("SELECT package_id FROM subscribers WHERE id = ?", subscriberId);

describe("createSubscribers", () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer({ config: { bulkItemLimit: 5 } });
  });
  afterEach(() => t.close());

  const create = (as: CustomerName, items: unknown[]) => run(t, as, CREATE_SUBSCRIBERS, { input: { items } });

  it("creates subscribers for the requester and a direct sub-account in one call, a request per item", async () => {
    const result = await create("RA", [
      { customerId: C.RA, imsi: "222010000000201", imei: "35209900176148" },
      { customerId: C.EA1, iccid: "8935711001000002011", msisdn: "+4915100000201", imeisv: "3563450000002011" },
    ]);
    expect(result).toMatchObject({ __typename: "CreateSubscribersSuccess", succeededCount: 2, failedCount: 0 });
    expect(result.results).toEqual([
      {
        index: 0,
        requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        customerId: C.RA,
        subscriber: {
          id: expect.any(String),
          customer: { id: C.RA },
          imsi: "222010000000201",
          iccid: null,
          msisdn: null,
          imei: "35209900176148",
          imeisv: null,
          package: null,
          offers: [],
        },
        error: null,
      },
      {
        index: 1,
        requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        customerId: C.EA1,
        subscriber: expect.objectContaining({
          customer: { id: C.EA1 },
          imsi: null,
          iccid: "8935711001000002011",
          msisdn: "4915100000201",
          imeisv: "3563450000002011",
        }),
        error: null,
      },
    ]);
    for (const r of result.results) {
      expect(await requestOf(t, "RA", r.requestId)).toMatchObject({ operation: "CREATE_SUBSCRIBERS", status: "SUCCEEDED", code: null });
    }
    // Found by any of their identifiers, by the requester and (for EA1's) by EA1 itself.
    expect(await t.gql("RA", FIND, { i: { type: "IMEI", value: "35209900176148" } })).toMatchObject({
      body: { data: { subscriber: { id: result.results[0].subscriber.id, customer: { id: C.RA } } } },
    });
    expect((await t.gql("EA1", FIND, { i: msisdn("4915100000201") })).body.data.subscriber.id).toBe(result.results[1].subscriber.id);
    expect((await t.gql("EA1", `{ viewer { subscribers(first: 100) { totalCount } } }`)).body.data.viewer.subscribers.totalCount).toBe(4);
    // The new subscriber takes offers like any other.
    expect(
      (await run(t, "RA", ATTACH_OFFER, { input: { subscriber: msisdn("4915100000201"), offerId: O.RA_REG1 } })).__typename,
    ).toBe("AttachOfferSuccess");
  });

  it("validates each item's identifiers (SPEC section 4) and fails only the bad items, unrecorded", async () => {
    const valid = { customerId: C.EA1, imsi: "222010000000301" };
    const recorded = await requestsRecordedBy(t, async () => {
      const result = await create("RA", [
        valid,
        { customerId: C.EA1, imei: "490154203237519" },
        { customerId: C.EA1 },
        { customerId: C.EA1, imsi: "12345", iccid: "89357" },
        { customerId: C.EA1, msisdn: "+49-151", imeisv: "123456789012345" },
      ]);
      expect(result).toMatchObject({ succeededCount: 1, failedCount: 4 });
      const errors = result.results.map((r: any) => r.error);
      expect(errors[0]).toBeNull();
      expect(errors[1]).toEqual({
        __typename: "ValidationFailed",
        code: "VALIDATION_FAILED",
        message: "The input is not valid",
        issues: [{ path: "input.items[1].imei", message: "IMEI check digit (Luhn) is wrong" }],
      });
      expect(errors[2]).toMatchObject({ __typename: "ValidationFailed", issues: [{ path: "input.items[2]" }] });
      expect(errors[3].issues.map((i: { path: string }) => i.path).sort()).toEqual(["input.items[3].iccid", "input.items[3].imsi"]);
      expect(errors[4].issues.map((i: { path: string }) => i.path).sort()).toEqual(["input.items[4].imeisv", "input.items[4].msisdn"]);
      for (const r of result.results.slice(1)) expect(r).toMatchObject({ requestId: null, subscriber: null });
    });
    expect(recorded.map((r) => [r.operation, r.status])).toEqual([["createSubscribers", "SUCCEEDED"]]);
    expect(await countRows(t, "subscribers", "customer_id = ?", C.EA1)).toBe(4);
  });

  it("refuses an identifier another subscriber has, and the second of two items with the same identifier", async () => {
    const before = await countRows(t, "subscribers");
    const result = await create("RA", [
      { customerId: C.EA1, imsi: "222010000000401", msisdn: S.EA2_1.msisdn },
      { customerId: C.EA2, msisdn: `+${S.EA2_1.msisdn}` },
      { customerId: C.EA1, imsi: "222010000000402" },
      { customerId: C.EA2, imsi: "222010000000402" },
      { customerId: C.RA, iccid: S.EA1_2.iccid },
    ]);
    const taken = (type: string, value: string) => ({
      __typename: "SubscriberIdentifierTaken",
      code: "VALIDATION_FAILED",
      message: "Another subscriber already has this identifier",
      identifier: { type, value },
    });
    expect(result.results.map((r: any) => r.error)).toEqual([
      taken("MSISDN", S.EA2_1.msisdn),
      taken("MSISDN", S.EA2_1.msisdn),
      null,
      taken("IMSI", "222010000000402"),
      taken("ICCID", S.EA1_2.iccid),
    ]);
    expect(result).toMatchObject({ succeededCount: 1, failedCount: 4 });
    expect(await countRows(t, "subscribers")).toBe(before + 1);
    // The first item's IMSI was not taken by its failed item.
    expect(await countRows(t, "subscribers", "imsi = ?", "222010000000401")).toBe(0);
    expect(await countRows(t, "subscribers", "imsi = ? AND customer_id = ?", "222010000000402", C.EA1)).toBe(1);
  });

  it("refuses a grandchild with CustomerNotDirectSubAccount and another tenant like an unknown customer", async () => {
    const before = await countRows(t, "subscribers");
    const recorded = await requestsRecordedBy(t, async () => {
      const result = await create("RA", [
        { customerId: C.DA1, imsi: "222010000000501" },
        { customerId: C.EB1, imsi: "222010000000502" },
        { customerId: MISSING, imsi: "222010000000503" },
        { customerId: C.OP, imsi: "222010000000504" },
      ]);
      expect(result).toMatchObject({ succeededCount: 0, failedCount: 4 });
      const [grandchild, other, unknown, parent] = result.results;
      expect(grandchild).toMatchObject({ index: 0, customerId: C.DA1, requestId: null, subscriber: null });
      expect(grandchild.error).toEqual({
        __typename: "CustomerNotDirectSubAccount",
        code: "VALIDATION_FAILED",
        message: "The customer must be one of your direct sub-accounts",
        customerId: C.DA1,
      });
      expect(other.error).toEqual({ __typename: "CustomerNotFound", code: "CUSTOMER_1002", message: "Customer does not exist", customerId: C.EB1 });
      expect(without(unknown.error, "customerId")).toEqual(without(other.error, "customerId"));
      expect(parent.error).toMatchObject({ __typename: "CustomerNotFound", customerId: C.OP });
    });
    expect(recorded.map((r) => [r.operation, r.status, r.code])).toEqual([
      ["createSubscribers", "FAILED", "VALIDATION_FAILED"],
      ["createSubscribers", "FAILED", "CUSTOMER_1002"],
      ["createSubscribers", "FAILED", "CUSTOMER_1002"],
      ["createSubscribers", "FAILED", "CUSTOMER_1002"],
    ]);
    expect(await countRows(t, "subscribers")).toBe(before);
  });

  it.each([
    ["over the configured item limit", 6, "at most 5 items per call, got 6"],
    ["with no items", 0, "give at least one item"],
  ])("refuses a call %s as a whole with ValidationFailed, changing nothing", async (_label, count, message) => {
    const before = await t.db.digest();
    const items = Array.from({ length: count }, (_, i) => ({ customerId: C.EA1, imsi: `22201000000060${i}` }));
    expect(await create("RA", items)).toEqual({
      __typename: "ValidationFailed",
      code: "VALIDATION_FAILED",
      message: "The input is not valid",
      issues: [{ path: "input.items", message }],
    });
    expect(await t.db.digest()).toBe(before);
  });
});

describe("attachPackage, detachPackage and detachOffer", () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer();
  });
  afterEach(() => t.close());

  const attach = (as: CustomerName, subscriber: Identifier, packageId: string, myPackage?: boolean) =>
    run(t, as, ATTACH_PACKAGE, { input: { subscriber, packageId, ...(myPackage === undefined ? {} : { myPackage }) } });
  const detach = (as: CustomerName, subscriber: Identifier, packageId: string, myPackage?: boolean) =>
    run(t, as, DETACH_PACKAGE, { input: { subscriber, packageId, ...(myPackage === undefined ? {} : { myPackage }) } });
  const detachOffer = (as: CustomerName, subscriberOfferId: string, myOffer?: boolean) =>
    run(t, as, DETACH_OFFER, { input: { subscriberOfferId, ...(myOffer === undefined ? {} : { myOffer }) } });
  const attachOffer = async (as: CustomerName, subscriber: Identifier, offerId: string, extra: Record<string, unknown> = {}) => {
    const result = await run(t, as, ATTACH_OFFER, { input: { subscriber, offerId, ...extra } });
    expect(result.__typename).toBe("AttachOfferSuccess");
    return result.subscriberOffer.id as string;
  };

  describe("attachPackage", () => {
    it("attaches a package and its offers with priorities n..1 in nestedOffers order", async () => {
      const created = await run(t, "RA", CREATE_PACKAGE, {
        customerId: C.RA,
        input: { name: "Triple", nestedOfferIds: [O.RA_REG2, O.RA_REG3, O.RA_REG1], eligibleSubAccounts: { ids: [C.EA1] } },
      });
      const packageId = created.package.id;
      const result = await attach("RA", imsi(S.EA1_3.imsi), packageId);
      expect(result).toMatchObject({ __typename: "AttachPackageSuccess", subscriber: { id: S.EA1_3.id, customer: { id: C.EA1 }, package: { id: packageId } } });
      expect(result.subscriber.offers.map((o: any) => [o.offer.id, o.priority, o.package?.id])).toEqual([
        [O.RA_REG2, 3, packageId],
        [O.RA_REG3, 2, packageId],
        [O.RA_REG1, 1, packageId],
      ]);
      expect(await packageOf(t, S.EA1_3.id)).toBe(packageId);
      expect(await subscriberOffers(t, S.EA1_3.id)).toHaveLength(3);
      expect(await requestOf(t, "RA", result.requestId)).toMatchObject({ operation: "ATTACH_PACKAGE", status: "SUCCEEDED", code: null });
    });

    it("attaches the parent's package to the requester's own subscriber in self-service (delegation on)", async () => {
      const result = await attach("EA1", imsi(S.EA1_3.imsi), P.RA_BASIC, true);
      expect(result).toMatchObject({ __typename: "AttachPackageSuccess", subscriber: { package: { id: P.RA_BASIC } } });
      expect((await subscriberOffers(t, S.EA1_3.id)).map((o) => [o.offerId, o.priority, o.packageId])).toEqual(
        expect.arrayContaining([
          [O.RA_REG1, 2, P.RA_BASIC],
          [O.RA_REG2, 1, P.RA_BASIC],
        ]),
      );
    });

    it("refuses a subscriber that has a package with PackageAlreadyAttached, keeping it", async () => {
      const before = await subscriberOffers(t, S.EA1_1.id);
      const recorded = await requestsRecordedBy(t, async () => {
        expect(await attach("RA", imsi(S.EA1_1.imsi), P.RA_PREMIUM)).toEqual({
          __typename: "PackageAlreadyAttached",
          code: "SUBSCRIBER_1060",
          message: "Failed to replace packages",
          attachedPackageId: P.RA_BASIC,
        });
      });
      expect(recorded).toEqual([{ requesterId: C.RA, operation: "attachPackage", status: "FAILED", code: "SUBSCRIBER_1060" }]);
      expect(await packageOf(t, S.EA1_1.id)).toBe(P.RA_BASIC);
      expect(await subscriberOffers(t, S.EA1_1.id)).toEqual(before);
    });
  });

  describe("detachPackage", () => {
    it("removes the package and exactly its offers; an offer attached on its own stays", async () => {
      const own = await attachOffer("RA", imsi(S.EA1_1.imsi), O.RA_REG3, { priority: 50 });
      expect(await subscriberOffers(t, S.EA1_1.id)).toHaveLength(3);
      const result = await detach("RA", imsi(S.EA1_1.imsi), P.RA_BASIC);
      expect(result).toEqual({
        __typename: "DetachPackageSuccess",
        requestId: expect.any(String),
        subscriber: {
          id: S.EA1_1.id,
          customer: { id: C.EA1 },
          package: null,
          offers: [{ id: own, priority: 50, offer: { id: O.RA_REG3 }, package: null }],
        },
      });
      expect(await packageOf(t, S.EA1_1.id)).toBeNull();
      expect(await subscriberOffers(t, S.EA1_1.id)).toEqual([{ id: own, offerId: O.RA_REG3, priority: 50, packageId: null }]);
      expect(await requestOf(t, "RA", result.requestId)).toMatchObject({ operation: "DETACH_PACKAGE", status: "SUCCEEDED", code: null });
      // Other subscribers with packages are untouched.
      expect(await packageOf(t, S.EA1_2.id)).toBe(P.RA_PREMIUM);
      expect(await subscriberOffers(t, S.EA1_2.id)).toHaveLength(2);
    });

    it("detaches the parent's package from the requester's own subscriber in self-service", async () => {
      expect(await detach("RA", { type: "IMEI", value: S.RA_1.imei }, P.OP_ALL, true)).toMatchObject({
        __typename: "DetachPackageSuccess",
        subscriber: { package: null, offers: [] },
      });
      expect(await packageOf(t, S.RB_1.id)).toBe(P.OP_ALL);
    });

    it("refuses with CurrentPackageMismatch when another package, or none, is attached", async () => {
      const before = await subscriberOffers(t, S.EA1_1.id);
      expect(await detach("RA", imsi(S.EA1_1.imsi), P.RA_PREMIUM)).toEqual({
        __typename: "CurrentPackageMismatch",
        code: "SUBSCRIBER_1060",
        message: "Failed to replace packages",
        currentPackageId: P.RA_PREMIUM,
        attachedPackageId: P.RA_BASIC,
      });
      expect(await detach("RA", imsi(S.EA1_3.imsi), P.RA_BASIC)).toEqual({
        __typename: "CurrentPackageMismatch",
        code: "SUBSCRIBER_1060",
        message: "Failed to replace packages",
        currentPackageId: P.RA_BASIC,
        attachedPackageId: null,
      });
      expect(await packageOf(t, S.EA1_1.id)).toBe(P.RA_BASIC);
      expect(await subscriberOffers(t, S.EA1_1.id)).toEqual(before);
    });

    it("refuses another tenant's subscriber like an unknown one, and self-service without delegation", async () => {
      const other = await detach("RA", imsi(S.EB1_1.imsi), P.RB_ALL);
      expect(other).toMatchObject({ __typename: "SubscriberNotFound", code: "SUBSCRIBER_1060" });
      expect(without(other, "identifier")).toEqual(without(await detach("RA", imsi("222019999999999"), P.RB_ALL), "identifier"));
      expect(await detach("RB", imsi(S.RB_1.imsi), P.OP_ALL, true)).toMatchObject({ __typename: "SelfServiceNotEligible", code: "AUTH_1021" });
      expect(await packageOf(t, S.EB1_1.id)).toBe(P.RB_ALL);
      expect(await packageOf(t, S.RB_1.id)).toBe(P.OP_ALL);
    });
  });

  describe("detachOffer", () => {
    it("detaches an instance attached on its own", async () => {
      const instance = await attachOffer("RA", imsi(S.EA1_3.imsi), O.RA_REG3, { priority: 9 });
      const result = await detachOffer("RA", instance);
      expect(result).toEqual({
        __typename: "DetachOfferSuccess",
        requestId: expect.any(String),
        subscriberOfferId: instance,
        subscriber: { id: S.EA1_3.id, customer: { id: C.EA1 }, package: null, offers: [] },
      });
      expect(await countRows(t, "subscriber_offers", "id = ?", instance)).toBe(0);
      expect(await requestOf(t, "RA", result.requestId)).toMatchObject({ operation: "DETACH_OFFER", status: "SUCCEEDED", code: null });
    });

    it("detaches, with myOffer, a parent's plan a delegated customer attached to its own subscriber", async () => {
      const instance = await attachOffer("EA1", imsi(S.EA1_3.imsi), O.RA_REG1, { myOffer: true });
      const kept = await attachOffer("EA1", imsi(S.EA1_3.imsi), O.RA_REG2, { myOffer: true });
      expect(await detachOffer("EA1", instance, true)).toMatchObject({ __typename: "DetachOfferSuccess", subscriberOfferId: instance });
      expect((await subscriberOffers(t, S.EA1_3.id)).map((o) => o.id)).toEqual([kept]);
    });

    it("refuses, with myOffer, a pool plan's instance the parent attached (PoolPlanNotSelfService); the owner detaches it", async () => {
      const pool = await attachOffer("RA", imsi(S.EA1_3.imsi), O.RA_POOL_EA1);
      const recorded = await requestsRecordedBy(t, async () => {
        expect(await detachOffer("EA1", pool, true)).toEqual({
          __typename: "PoolPlanNotSelfService",
          code: "SUBSCRIBER_1010",
          message: "Failed to attach offer",
          offerId: O.RA_POOL_EA1,
        });
      });
      expect(recorded).toEqual([{ requesterId: C.EA1, operation: "detachOffer", status: "FAILED", code: "SUBSCRIBER_1010" }]);
      expect(await countRows(t, "subscriber_offers", "id = ?", pool)).toBe(1);
      expect(await detachOffer("RA", pool)).toMatchObject({ __typename: "DetachOfferSuccess", subscriberOfferId: pool });
      expect(await countRows(t, "subscriber_offers", "id = ?", pool)).toBe(0);
    });

    it("refuses an offer that came with a package with OfferCameWithPackage", async () => {
      const fromPackage = (await subscriberOffers(t, S.EA1_1.id)).find((o) => o.offerId === O.RA_REG1)!;
      expect(await detachOffer("RA", fromPackage.id)).toEqual({
        __typename: "OfferCameWithPackage",
        code: "SUBSCRIBER_1010",
        message: "Failed to attach offer",
        subscriberOfferId: fromPackage.id,
        packageId: P.RA_BASIC,
      });
      expect(await countRows(t, "subscriber_offers", "id = ?", fromPackage.id)).toBe(1);
    });

    it("answers another tenant's instance exactly like an unknown id", async () => {
      const foreign = (await subscriberOffers(t, S.EB1_1.id))[0];
      const recorded = await requestsRecordedBy(t, async () => {
        const other = await detachOffer("RA", foreign.id);
        expect(other).toEqual({
          __typename: "SubscriberOfferNotFound",
          code: "SUBSCRIBER_1010",
          message: "Failed to attach offer",
          subscriberOfferId: foreign.id,
        });
        expect(without(await detachOffer("RA", MISSING), "subscriberOfferId")).toEqual(without(other, "subscriberOfferId"));
      });
      expect(recorded.map((r) => r.code)).toEqual(["SUBSCRIBER_1010", "SUBSCRIBER_1010"]);
      expect(await countRows(t, "subscriber_offers", "id = ?", foreign.id)).toBe(1);
    });

    it("refuses self-service without delegation (SUBSCRIBER_1027) and an instance that is not the requester's to detach", async () => {
      const onEA2 = await attachOffer("RA", msisdn(S.EA2_1.msisdn), O.RA_REG1);
      expect(await detachOffer("EA2", onEA2, true)).toEqual({
        __typename: "ParentPlanNotAllowed",
        code: "SUBSCRIBER_1027",
        message: "You are not allowed to attach parent customer plans to your own SIM cards",
      });
      // RA's own subscriber's offer came from OP: not a Sell plan on a sub-account's subscriber.
      const onRA = (await subscriberOffers(t, S.RA_1.id))[0];
      expect(await detachOffer("RA", onRA.id)).toMatchObject({ __typename: "SubscriberNotInSubAccount", subscriberId: S.RA_1.id });
      // EA1 with myOffer on a subscriber of its own sub-account.
      const onDA1 = await attachOffer("EA1", imsi(S.DA1_1.imsi), O.EA1_REG1);
      expect(await detachOffer("EA1", onDA1, true)).toMatchObject({ __typename: "SubscriberNotOwn", subscriberId: S.DA1_1.id });
      expect(await countRows(t, "subscriber_offers", "id IN (?, ?, ?)", onEA2, onRA.id, onDA1)).toBe(3);
    });
  });
});

/** Refusals change nothing but a FAILED request: they share one server. */
describe("attachPackage refusals", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  const attach = (as: CustomerName, subscriber: Identifier, packageId: string, myPackage?: boolean) =>
    run(t, as, ATTACH_PACKAGE, { input: { subscriber, packageId, ...(myPackage === undefined ? {} : { myPackage }) } });

  it.each([
    ["a sub-account not eligible", "RA", msisdn(S.EA2_1.msisdn), P.RA_PREMIUM, undefined, { __typename: "SubAccountNotEligible", code: "SUBSCRIBER_1060", message: "Failed to replace packages", packageId: P.RA_PREMIUM, customerId: C.EA2 }],
    ["the parent's package without myPackage", "RA", msisdn(S.EA2_1.msisdn), P.OP_ALL, undefined, { __typename: "PackageNotSellPackage", code: "SUBSCRIBER_1060", message: "Failed to replace packages", packageId: P.OP_ALL }],
    ["the requester's own subscriber without myPackage", "EA1", imsi(S.EA1_3.imsi), P.RA_BASIC, false, { __typename: "SubscriberNotInSubAccount", code: "SUBSCRIBER_1060", message: "Failed to replace packages", subscriberId: S.EA1_3.id }],
    ["self-service without delegation", "EA2", msisdn(S.EA2_1.msisdn), P.RA_BASIC, true, { __typename: "SelfServiceNotEligible", code: "AUTH_1021", message: "You are not eligible to use the self-service mode" }],
    ["self-service onto a descendant's subscriber", "EA1", imsi(S.DA1_1.imsi), P.RA_BASIC, true, { __typename: "SubscriberNotOwn", code: "SUBSCRIBER_1060", message: "Failed to replace packages", subscriberId: S.DA1_1.id }],
    ["self-service with a package that is not the parent's", "RA", { type: "IMEISV", value: S.RA_2.imeisv }, P.RA_BASIC, true, { __typename: "PackageNotBuyPackage", code: "SUBSCRIBER_1060", message: "Failed to replace packages", packageId: P.RA_BASIC }],
    ["self-service with the grandparent's package (not visible)", "EA1", imsi(S.EA1_3.imsi), P.OP_ALL, true, { __typename: "SelfServiceNotEligible", code: "AUTH_1021", message: "You are not eligible to use the self-service mode" }],
    ["self-service with a parent's package it is not eligible for", "EA1", imsi(S.EA1_3.imsi), P.RA_NONE, true, { __typename: "SelfServiceNotEligible", code: "AUTH_1021", message: "You are not eligible to use the self-service mode" }],
    ["self-service with an unknown package", "EA1", imsi(S.EA1_3.imsi), MISSING, true, { __typename: "SelfServiceNotEligible", code: "AUTH_1021", message: "You are not eligible to use the self-service mode" }],
    ["a parent's package it is not eligible for, without myPackage", "EA1", imsi(S.DA1_1.imsi), P.RA_NONE, undefined, { __typename: "PackageNotFound", code: "SUBSCRIBER_1060", message: "Failed to replace packages", packageId: P.RA_NONE }],
    ["another tenant's subscriber", "RA", imsi(S.EB1_1.imsi), P.RA_BASIC, undefined, { __typename: "SubscriberNotFound", code: "SUBSCRIBER_1060", message: "Failed to replace packages", identifier: imsi(S.EB1_1.imsi) }],
    ["another tenant's package", "RA", imsi(S.EA1_3.imsi), P.RB_ALL, undefined, { __typename: "PackageNotFound", code: "SUBSCRIBER_1060", message: "Failed to replace packages", packageId: P.RB_ALL }],
  ] as const)("refuses %s, attaching nothing", async (_label, as, subscriber, packageId, myPackage, expected) => {
    const recorded = await requestsRecordedBy(t, async () => {
      expect(await attach(as, subscriber, packageId, myPackage)).toEqual(expected);
    });
    expect(recorded).toEqual([{ requesterId: C[as], operation: "attachPackage", status: "FAILED", code: expected.code }]);
    expect(await countRows(t, "subscribers", "package_id IS NOT NULL")).toBe(5);
    expect(await countRows(t, "subscriber_offers")).toBe(9);
  });

  it("answers another tenant's subscriber exactly like an unknown one", async () => {
    const other = await attach("RA", imsi(S.EB1_1.imsi), P.RA_BASIC);
    const unknown = await attach("RA", imsi("222019999999999"), P.RA_BASIC);
    expect(without(other, "identifier")).toEqual(without(unknown, "identifier"));
  });

  it("refuses a malformed identifier with ValidationFailed at input.subscriber.value, recording nothing", async () => {
    const before = await t.db.digest();
    expect(await attach("RA", { type: "IMEI", value: "490154203237519" }, P.RA_BASIC)).toMatchObject({
      __typename: "ValidationFailed",
      issues: [{ path: "input.subscriber.value" }],
    });
    expect(await t.db.digest()).toBe(before);
  });
});
