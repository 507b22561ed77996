/** attachOffer (SPEC section 2 rows 3-4; seed attach-subscriber-offer.txt). */
import { beforeEach, afterEach, describe, expect, it } from "vitest";
import { countRows, requestsRecordedBy } from "../helpers/management";
import { startTestServer, type TestServer } from "../helpers/server";
import { C, MISSING, O, S, type CustomerName } from "../helpers/world";

const ATTACH = `mutation($input: AttachOfferInput!) {
  attachOffer(input: $input) {
    __typename
    ... on AttachOfferSuccess { requestId subscriberOffer { id priority attachedAt offer { id } package { id } subscriber { id } attachedBy { id } } }
    ... on ErrorResult { code message }
    ... on ValidationFailed { issues { path message } }
    ... on SubscriberNotFound { identifier { type value } }
    ... on SubscriberNotInSubAccount { subscriberId }
    ... on SubscriberNotOwn { subscriberId }
    ... on OfferNotFound { offerId }
    ... on OfferNotSellPlan { offerId }
    ... on OfferNotBuyPlan { offerId }
    ... on PoolPlanNotForSubAccount { offerId subscriberId }
    ... on PoolPlanAlreadyAttached { offerId subscriberOfferId }
    ... on PoolPlanNotSelfService { offerId }
    ... on PriorityInUse { priority subscriberOfferId }
  }
}`;

type Identifier = { type: string; value: string };
const imsi = (value: string): Identifier => ({ type: "IMSI", value });

describe("attachOffer", () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer();
  });
  afterEach(() => t.close());

  const attach = async (as: CustomerName, input: Record<string, unknown>) =>
    (await t.gql(as, ATTACH, { input })).body.data.attachOffer;
  const offersOf = async (as: CustomerName, identifier: Identifier) =>
    (
      await t.gql(as, `query($i: SubscriberIdentifierInput!) { subscriber(identifier: $i) { offers { id priority offer { id } } } }`, {
        i: identifier,
      })
    ).body.data.subscriber.offers;

  describe("myOffer false (default): own plan onto a direct sub-customer's subscriber", () => {
    it("attaches with its priority and lists offers highest priority first", async () => {
      const result = await attach("RA", { subscriber: imsi(S.EA1_1.imsi), offerId: O.RA_REG3, priority: 100 });
      expect(result.__typename).toBe("AttachOfferSuccess");
      expect(result.subscriberOffer).toMatchObject({
        priority: 100,
        offer: { id: O.RA_REG3 },
        package: null,
        subscriber: { id: S.EA1_1.id },
        attachedBy: { id: C.RA },
      });
      const offers = await offersOf("RA", imsi(S.EA1_1.imsi));
      expect(offers.map((o: { priority: number }) => o.priority)).toEqual([100, 2, 1]);
      expect(offers[0].id).toBe(result.subscriberOffer.id);
      const request = await t.gql("RA", `query($id: UUID!) { request(id: $id) { operation status code } }`, { id: result.requestId });
      expect(request.body.data.request).toEqual({ operation: "ATTACH_OFFER", status: "SUCCEEDED", code: null });
    });

    it("attaches without a priority (listed after those with one)", async () => {
      const result = await attach("RA", { subscriber: imsi(S.EA1_1.imsi), offerId: O.RA_REG3 });
      expect(result.subscriberOffer.priority).toBeNull();
      expect((await offersOf("RA", imsi(S.EA1_1.imsi))).map((o: { priority: number | null }) => o.priority)).toEqual([2, 1, null]);
    });

    it("refuses a priority already held by another offer on the subscriber", async () => {
      const held = (await offersOf("RA", imsi(S.EA1_1.imsi))).find((o: { priority: number }) => o.priority === 2);
      expect(await attach("RA", { subscriber: imsi(S.EA1_1.imsi), offerId: O.RA_REG3, priority: 2 })).toEqual({
        __typename: "PriorityInUse",
        code: "SUBSCRIBER_1010",
        message: "Failed to attach offer",
        priority: 2,
        subscriberOfferId: held.id,
      });
    });

    it.each([
      ["the requester's own subscriber", S.RA_1.imei, "IMEI", S.RA_1.id],
      ["a grandchild's subscriber", S.DA1_1.imsi, "IMSI", S.DA1_1.id],
    ])("refuses %s with SubscriberNotInSubAccount", async (_label, value, type, id) => {
      expect(await attach("RA", { subscriber: { type, value }, offerId: O.RA_REG1 })).toEqual({
        __typename: "SubscriberNotInSubAccount",
        code: "SUBSCRIBER_1010",
        message: "Failed to attach offer",
        subscriberId: id,
      });
    });

    it("answers another tenant's subscriber exactly like an unknown one", async () => {
      const other = await attach("RA", { subscriber: imsi(S.EB1_1.imsi), offerId: O.RA_REG1 });
      const unknown = await attach("RA", { subscriber: imsi("222019999999999"), offerId: O.RA_REG1 });
      expect(other).toEqual({ __typename: "SubscriberNotFound", code: "SUBSCRIBER_1010", message: "Failed to attach offer", identifier: imsi(S.EB1_1.imsi) });
      expect({ ...other, identifier: null }).toEqual({ ...unknown, identifier: null });
    });

    it.each([
      ["a sub-account's offer", O.EA1_REG1],
      ["its parent's offer", O.OP_REG1],
    ])("refuses %s with OfferNotSellPlan", async (_label, offerId) => {
      expect(await attach("RA", { subscriber: imsi(S.EA1_1.imsi), offerId })).toMatchObject({ __typename: "OfferNotSellPlan", code: "SUBSCRIBER_1010", offerId });
    });

    it.each([
      ["another tenant's offer", O.RB_REG1],
      ["the parent's pool plan made for a sibling", O.OP_POOL_RB],
      ["an unknown offer", MISSING],
    ])("refuses %s with OfferNotFound", async (_label, offerId) => {
      expect(await attach("RA", { subscriber: imsi(S.EA1_1.imsi), offerId })).toEqual({
        __typename: "OfferNotFound",
        code: "SUBSCRIBER_1010",
        message: "Failed to attach offer",
        offerId,
      });
    });

    it("attaches a pool plan only to a subscriber of the sub-account it was made for, once", async () => {
      const first = await attach("RA", { subscriber: imsi(S.EA1_1.imsi), offerId: O.RA_POOL_EA1, priority: 10 });
      expect(first.__typename).toBe("AttachOfferSuccess");
      expect(await attach("RA", { subscriber: imsi(S.EA1_1.imsi), offerId: O.RA_POOL_EA1, priority: 11 })).toEqual({
        __typename: "PoolPlanAlreadyAttached",
        code: "SUBSCRIBER_1010",
        message: "Failed to attach offer",
        offerId: O.RA_POOL_EA1,
        subscriberOfferId: first.subscriberOffer.id,
      });
      // Another subscriber of the same sub-account may have its own instance.
      expect((await attach("RA", { subscriber: imsi(S.EA1_3.imsi), offerId: O.RA_POOL_EA1 })).__typename).toBe("AttachOfferSuccess");
      expect(await attach("RA", { subscriber: { type: "MSISDN", value: S.EA2_1.msisdn }, offerId: O.RA_POOL_EA1 })).toEqual({
        __typename: "PoolPlanNotForSubAccount",
        code: "SUBSCRIBER_1010",
        message: "Failed to attach offer",
        offerId: O.RA_POOL_EA1,
        subscriberId: S.EA2_1.id,
      });
    });
  });

  describe("myOffer true: the parent's plan onto the requester's own subscriber", () => {
    it("attaches when the parent allowed offer delegation", async () => {
      const result = await attach("EA1", { subscriber: imsi(S.EA1_3.imsi), offerId: O.RA_REG1, myOffer: true, priority: 5 });
      expect(result).toMatchObject({ __typename: "AttachOfferSuccess", subscriberOffer: { priority: 5, offer: { id: O.RA_REG1 }, attachedBy: { id: C.EA1 } } });
    });

    it("refuses the parent's pool plan made for the requester with PoolPlanNotSelfService: only its owner attaches it", async () => {
      const before = await countRows(t, "subscriber_offers");
      const recorded = await requestsRecordedBy(t, async () => {
        expect(await attach("EA1", { subscriber: imsi(S.EA1_3.imsi), offerId: O.RA_POOL_EA1, myOffer: true })).toEqual({
          __typename: "PoolPlanNotSelfService",
          code: "SUBSCRIBER_1010",
          message: "Failed to attach offer",
          offerId: O.RA_POOL_EA1,
        });
      });
      expect(recorded).toEqual([{ requesterId: C.EA1, operation: "attachOffer", status: "FAILED", code: "SUBSCRIBER_1010" }]);
      expect(await countRows(t, "subscriber_offers")).toBe(before);
      // The owner attaches it onto the same subscriber.
      expect((await attach("RA", { subscriber: imsi(S.EA1_3.imsi), offerId: O.RA_POOL_EA1 })).__typename).toBe("AttachOfferSuccess");
    });

    it("refuses a pool plan without delegation with ParentPlanNotAllowed (delegation is checked first)", async () => {
      expect(await attach("EA2", { subscriber: { type: "MSISDN", value: S.EA2_1.msisdn }, offerId: O.RA_POOL_EA2, myOffer: true })).toMatchObject({
        __typename: "ParentPlanNotAllowed",
        code: "SUBSCRIBER_1027",
      });
    });

    it.each([
      ["a customer without delegation", "EA2", { type: "MSISDN", value: S.EA2_1.msisdn }, O.RA_REG1],
      ["the root (no parent)", "OP", imsi(S.RB_1.imsi), O.OP_REG1],
    ] as const)("refuses %s with ParentPlanNotAllowed / SUBSCRIBER_1027", async (_label, as, subscriber, offerId) => {
      expect(await attach(as, { subscriber, offerId, myOffer: true })).toEqual({
        __typename: "ParentPlanNotAllowed",
        code: "SUBSCRIBER_1027",
        message: "You are not allowed to attach parent customer plans to your own SIM cards",
      });
    });

    it("refuses a descendant's subscriber with SubscriberNotOwn", async () => {
      expect(await attach("EA1", { subscriber: imsi(S.DA1_1.imsi), offerId: O.RA_REG1, myOffer: true })).toMatchObject({
        __typename: "SubscriberNotOwn",
        code: "SUBSCRIBER_1010",
        subscriberId: S.DA1_1.id,
      });
    });

    it("refuses the requester's own offer with OfferNotBuyPlan", async () => {
      expect(await attach("EA1", { subscriber: imsi(S.EA1_3.imsi), offerId: O.EA1_REG1, myOffer: true })).toMatchObject({
        __typename: "OfferNotBuyPlan",
        code: "SUBSCRIBER_1010",
        offerId: O.EA1_REG1,
      });
    });

    it("refuses the parent's pool plan made for a sibling exactly like an unknown offer", async () => {
      const sibling = await attach("EA1", { subscriber: imsi(S.EA1_3.imsi), offerId: O.RA_POOL_EA2, myOffer: true });
      const unknown = await attach("EA1", { subscriber: imsi(S.EA1_3.imsi), offerId: MISSING, myOffer: true });
      expect(sibling).toMatchObject({ __typename: "OfferNotFound", code: "SUBSCRIBER_1010" });
      expect({ ...sibling, offerId: null }).toEqual({ ...unknown, offerId: null });
    });
  });

  it.each([
    ["a malformed IMSI", { subscriber: imsi("12ab"), offerId: O.RA_REG1 }, "input.subscriber.value"],
    ["an IMEI with a wrong check digit", { subscriber: { type: "IMEI", value: "490154203237519" }, offerId: O.RA_REG1 }, "input.subscriber.value"],
    ["a negative priority", { subscriber: imsi(S.EA1_1.imsi), offerId: O.RA_REG1, priority: -1 }, "input.priority"],
    ["a huge priority", { subscriber: imsi(S.EA1_1.imsi), offerId: O.RA_REG1, priority: 1_000_001 }, "input.priority"],
  ])("refuses %s with ValidationFailed naming the path, and changes nothing", async (_label, input, path) => {
    const before = await t.db.digest();
    const result = await attach("RA", input);
    expect(result).toMatchObject({ __typename: "ValidationFailed", code: "VALIDATION_FAILED", issues: [{ path }] });
    expect(await t.db.digest()).toBe(before);
  });
});
