/** detachOffer: who may attach an offer instance may detach it (SPEC section 2, attachOffer rows). */
import { describe, expect, it } from "vitest";
import { decideDetachOffer, type DetachOfferFacts } from "../../../src/domain/subscribers/detach-offer";
import type { Requester } from "../../../src/domain/accounts/requester";
import type { OfferFacts } from "../../../src/domain/accounts/visibility";
import { customer, da1, ea1, ea2, op, other, ra, rb } from "../customer-tree";

const offerOf = (ownerId: string, id: string, kind: "REGULAR" | "POOL" = "REGULAR", poolCustomerId: string | null = null): OfferFacts => ({
  id,
  ownerId,
  kind,
  poolCustomerId,
});

/** The instance "so" of `offer` on subscriber "s1" of `holder`. */
const facts = (requester: Requester, holder: Requester, offer: OfferFacts, packageId: string | null = null): DetachOfferFacts => ({
  requester,
  instance: { id: "so", packageId, subscriber: { id: "s1", customer: holder, packageId }, offer },
});

const sell = { subscriberOfferId: "so", myOffer: false };
const selfService = { subscriberOfferId: "so", myOffer: true };

describe("decideDetachOffer", () => {
  describe("accepts", () => {
    it("the owner detaching its plan from a direct sub-customer's subscriber", () => {
      expect(decideDetachOffer(sell, facts(ra, ea1, offerOf("ra", "o1")))).toEqual({ ok: true, value: { subscriberOfferId: "so", subscriberId: "s1" } });
    });

    it("the owner detaching its pool plan from the sub-account it was made for", () => {
      expect(decideDetachOffer(sell, facts(ra, ea1, offerOf("ra", "pool", "POOL", "ea1")))).toEqual({
        ok: true,
        value: { subscriberOfferId: "so", subscriberId: "s1" },
      });
    });

    it("a delegated requester detaching its parent's regular plan from its own subscriber", () => {
      expect(decideDetachOffer(selfService, facts(ea1, ea1, offerOf("ra", "o1")))).toEqual({
        ok: true,
        value: { subscriberOfferId: "so", subscriberId: "s1" },
      });
    });
  });

  describe("ParentPlanNotAllowed: self-service without delegation", () => {
    it("refuses before looking the instance up", () => {
      expect(decideDetachOffer(selfService, { requester: ea2, instance: null })).toEqual({ ok: false, refusal: { type: "ParentPlanNotAllowed" } });
    });

    it("refuses a root even with the flag set", () => {
      const root = customer("root", null, true);
      expect(decideDetachOffer(selfService, facts(root, root, offerOf("root", "o1")))).toEqual({
        ok: false,
        refusal: { type: "ParentPlanNotAllowed" },
      });
    });
  });

  describe("SubscriberOfferNotFound", () => {
    it.each([
      ["its parent's subscriber", op],
      ["a sibling's subscriber", rb],
      ["another tenant's subscriber", other],
    ])("answers an instance on %s exactly like an unknown id", (_what, holder) => {
      const notFound = { ok: false, refusal: { type: "SubscriberOfferNotFound", subscriberOfferId: "asked" } };
      expect(decideDetachOffer({ ...sell, subscriberOfferId: "asked" }, facts(ra, holder, offerOf(holder.id, "o1")))).toEqual(notFound);
      expect(decideDetachOffer({ ...sell, subscriberOfferId: "asked" }, { requester: ra, instance: null })).toEqual(notFound);
    });
  });

  it("refuses in Sell mode an instance on a subscriber that is not a direct sub-customer's (SubscriberNotInSubAccount)", () => {
    expect(decideDetachOffer(sell, facts(ra, ra, offerOf("op", "o1")))).toEqual({
      ok: false,
      refusal: { type: "SubscriberNotInSubAccount", subscriberId: "s1" },
    });
    expect(decideDetachOffer(sell, facts(ra, da1, offerOf("ea1", "o1")))).toEqual({
      ok: false,
      refusal: { type: "SubscriberNotInSubAccount", subscriberId: "s1" },
    });
  });

  it("refuses in self-service an instance on a subscriber that is not the requester's own (SubscriberNotOwn)", () => {
    expect(decideDetachOffer(selfService, facts(ea1, da1, offerOf("ea1", "o1")))).toEqual({
      ok: false,
      refusal: { type: "SubscriberNotOwn", subscriberId: "s1" },
    });
  });

  it("refuses in Sell mode an instance of a plan the requester does not own (OfferNotSellPlan)", () => {
    // ea1's own subscriber carries ea1's own plan: not ra's to take off.
    expect(decideDetachOffer(sell, facts(ra, ea1, offerOf("ea1", "o-ea1")))).toEqual({
      ok: false,
      refusal: { type: "OfferNotSellPlan", offerId: "o-ea1" },
    });
  });

  it("refuses in self-service an instance of a plan that is not the parent's (OfferNotBuyPlan)", () => {
    expect(decideDetachOffer(selfService, facts(ea1, ea1, offerOf("ea1", "own")))).toEqual({
      ok: false,
      refusal: { type: "OfferNotBuyPlan", offerId: "own" },
    });
    expect(decideDetachOffer(selfService, facts(ea1, ea1, offerOf("op", "grandparent")))).toEqual({
      ok: false,
      refusal: { type: "OfferNotBuyPlan", offerId: "grandparent" },
    });
  });

  it("refuses in self-service the parent's pool plan made for the requester (PoolPlanNotSelfService)", () => {
    expect(decideDetachOffer(selfService, facts(ea1, ea1, offerOf("ra", "pool", "POOL", "ea1")))).toEqual({
      ok: false,
      refusal: { type: "PoolPlanNotSelfService", offerId: "pool" },
    });
  });

  it("refuses an instance that came with a package, in both modes (OfferCameWithPackage)", () => {
    const cameWith = { ok: false, refusal: { type: "OfferCameWithPackage", subscriberOfferId: "so", packageId: "p1" } };
    expect(decideDetachOffer(sell, facts(ra, ea1, offerOf("ra", "o1"), "p1"))).toEqual(cameWith);
    expect(decideDetachOffer(selfService, facts(ea1, ea1, offerOf("ra", "o1"), "p1"))).toEqual(cameWith);
  });
});
