/** attachOffer (SPEC section 2, the two attachOffer rows; README "Rules"). */
import { describe, expect, it } from "vitest";
import {
  checkSubscriberScope,
  decideAttachOffer,
  PRIORITY_MAX,
  readAttachOfferInput,
  readIdentifier,
  type AttachOfferFacts,
  type AttachOfferRequest,
  type SubscriberFacts,
} from "../../../src/domain/subscribers/attach-offer";
import type { InputIssue } from "../../../src/domain/refusals";
import type { Requester } from "../../../src/domain/accounts/requester";
import { customer, da1, ea1, ea2, op, other, ra, rb } from "../customer-tree";

const imsi = { type: "IMSI" as const, value: "222013090961859" };
const subscriberOf = (holder: Requester, id = `sim-of-${holder.id}`): SubscriberFacts => ({ id, customer: holder, packageId: null });
const offerOf = (owner: Requester, id: string, kind: "REGULAR" | "POOL" = "REGULAR", poolCustomerId: string | null = null) => ({
  id,
  ownerId: owner.id,
  kind,
  poolCustomerId,
  owner,
});

describe("readAttachOfferInput", () => {
  it("normalizes the identifier and fills the defaults", () => {
    expect(readAttachOfferInput({ subscriber: { type: "MSISDN", value: "+491510000003" }, offerId: "o1" })).toEqual({
      ok: true,
      value: { identifier: { type: "MSISDN", value: "491510000003" }, offerId: "o1", priority: null, myOffer: false },
    });
    expect(readAttachOfferInput({ subscriber: imsi, offerId: "o1", priority: null, myOffer: null })).toEqual({
      ok: true,
      value: { identifier: imsi, offerId: "o1", priority: null, myOffer: false },
    });
  });

  it.each([0, 1, PRIORITY_MAX])("accepts the priority %d", (priority) => {
    expect(readAttachOfferInput({ subscriber: imsi, offerId: "o1", priority, myOffer: true })).toEqual({
      ok: true,
      value: { identifier: imsi, offerId: "o1", priority, myOffer: true },
    });
  });

  it.each([-1, PRIORITY_MAX + 1, 2.5, Number.NaN])("refuses the priority %d at input.priority", (priority) => {
    expect(readAttachOfferInput({ subscriber: imsi, offerId: "o1", priority })).toEqual({
      ok: false,
      refusal: {
        type: "ValidationFailed",
        issues: [{ path: "input.priority", message: `priority must be between 0 and ${PRIORITY_MAX}` }],
      },
    });
  });

  it("refuses a malformed identifier at its value's path, with the identifier's reason", () => {
    expect(readAttachOfferInput({ subscriber: { type: "IMSI", value: "12345" }, offerId: "o1" })).toEqual({
      ok: false,
      refusal: { type: "ValidationFailed", issues: [{ path: "input.subscriber.value", message: "IMSI must be 6 to 15 digits" }] },
    });
  });

  it("reports every issue at once, under the prefix it is given", () => {
    const decision = readAttachOfferInput({ subscriber: { type: "ICCID", value: "89x" }, offerId: "o1", priority: -5 }, "attach");
    expect(decision).toMatchObject({ ok: false, refusal: { type: "ValidationFailed" } });
    if (decision.ok || decision.refusal.type !== "ValidationFailed") return;
    expect(decision.refusal.issues.map((issue) => issue.path)).toEqual(["attach.subscriber.value", "attach.priority"]);
  });
});

describe("readIdentifier", () => {
  it("returns the stored form of a valid identifier and records nothing", () => {
    const issues: InputIssue[] = [];
    expect(readIdentifier({ type: "MSISDN", value: "+4915100" }, "input.subscriber", issues)).toEqual({ type: "MSISDN", value: "4915100" });
    expect(issues).toEqual([]);
  });

  it("adds the reason at <path>.value to the issues already found, and returns null", () => {
    const earlier = { path: "input.other", message: "earlier" };
    const issues: InputIssue[] = [earlier];
    expect(readIdentifier({ type: "IMEISV", value: "123" }, "input.items[4].subscriber", issues)).toBeNull();
    expect(issues).toEqual([earlier, { path: "input.items[4].subscriber.value", message: "IMEISV must be 16 digits" }]);
  });
});

describe("checkSubscriberScope", () => {
  describe("Sell mode: a subscriber of a direct sub-customer", () => {
    it("accepts one", () => {
      const sim = subscriberOf(ea1);
      expect(checkSubscriberScope(ra, imsi, sim, false)).toEqual({ ok: true, value: sim });
    });

    it.each([
      ["its own", ra],
      ["a grandchild's", da1],
    ])("refuses %s subscriber as SubscriberNotInSubAccount", (_what, holder) => {
      const sim = subscriberOf(holder);
      expect(checkSubscriberScope(ra, imsi, sim, false)).toEqual({
        ok: false,
        refusal: { type: "SubscriberNotInSubAccount", subscriberId: sim.id },
      });
    });
  });

  describe("self-service: the requester's own subscriber", () => {
    it("accepts one", () => {
      const sim = subscriberOf(ea1);
      expect(checkSubscriberScope(ea1, imsi, sim, true)).toEqual({ ok: true, value: sim });
    });

    it("refuses a descendant's subscriber as SubscriberNotOwn", () => {
      const sim = subscriberOf(da1);
      expect(checkSubscriberScope(ea1, imsi, sim, true)).toEqual({ ok: false, refusal: { type: "SubscriberNotOwn", subscriberId: sim.id } });
    });
  });

  it.each([
    ["no subscriber", null],
    ["its parent's subscriber", subscriberOf(op)],
    ["a sibling's subscriber", subscriberOf(rb)],
    ["another tenant's subscriber", subscriberOf(other)],
  ])("answers %s with SubscriberNotFound naming the identifier asked for, in both modes", (_what, sim) => {
    for (const selfService of [false, true]) {
      expect(checkSubscriberScope(ra, imsi, sim, selfService)).toEqual({ ok: false, refusal: { type: "SubscriberNotFound", identifier: imsi } });
    }
  });
});

describe("decideAttachOffer", () => {
  const sell: AttachOfferRequest = { identifier: imsi, offerId: "o1", priority: null, myOffer: false };
  const selfService: AttachOfferRequest = { ...sell, myOffer: true };
  /** ra attaches its own regular plan to a subscriber of its direct sub-customer ea1. */
  const sellFacts = (overrides: Partial<AttachOfferFacts> = {}): AttachOfferFacts => ({
    requester: ra,
    subscriber: subscriberOf(ea1, "s1"),
    offer: offerOf(ra, "o1"),
    existing: [],
    ...overrides,
  });
  /** ea1 attaches its parent ra's regular plan to its own subscriber. */
  const selfFacts = (overrides: Partial<AttachOfferFacts> = {}): AttachOfferFacts => sellFacts({ requester: ea1, ...overrides });

  describe("accepts", () => {
    it("the requester's own regular plan on a direct sub-customer's subscriber", () => {
      expect(decideAttachOffer(sell, sellFacts())).toEqual({ ok: true, value: { isPool: false } });
    });

    it("the parent's regular plan on the requester's own subscriber, with delegation", () => {
      expect(decideAttachOffer(selfService, selfFacts({ subscriber: subscriberOf(ea1, "s1") }))).toEqual({ ok: true, value: { isPool: false } });
    });

    it("the owner's pool plan on a subscriber of the sub-account it was made for", () => {
      const pool = offerOf(ra, "pool", "POOL", "ea1");
      expect(decideAttachOffer({ ...sell, offerId: "pool" }, sellFacts({ offer: pool }))).toEqual({ ok: true, value: { isPool: true } });
    });

    it("a regular plan already on the subscriber a second time", () => {
      const existing = [{ id: "so1", offerId: "o1", priority: null }];
      expect(decideAttachOffer(sell, sellFacts({ existing }))).toEqual({ ok: true, value: { isPool: false } });
    });

    it("a priority no other offer on the subscriber holds, and no priority at all", () => {
      const existing = [{ id: "so1", offerId: "o2", priority: 5 }, { id: "so2", offerId: "o3", priority: null }];
      expect(decideAttachOffer({ ...sell, priority: 6 }, sellFacts({ existing }))).toEqual({ ok: true, value: { isPool: false } });
      expect(decideAttachOffer(sell, sellFacts({ existing }))).toEqual({ ok: true, value: { isPool: false } });
    });
  });

  describe("ParentPlanNotAllowed (SUBSCRIBER_1027): self-service without delegation", () => {
    it("refuses a requester whose parent did not allow delegation, before looking at anything else", () => {
      expect(decideAttachOffer(selfService, selfFacts({ requester: ea2, subscriber: null, offer: null }))).toEqual({
        ok: false,
        refusal: { type: "ParentPlanNotAllowed" },
      });
    });

    it("refuses a root, which has no parent, even with the flag set", () => {
      const root = customer("root", null, true);
      expect(decideAttachOffer(selfService, selfFacts({ requester: root, subscriber: subscriberOf(root) }))).toEqual({
        ok: false,
        refusal: { type: "ParentPlanNotAllowed" },
      });
    });

    it("does not apply to Sell mode", () => {
      const noDelegation = { ...ra, allowOfferDelegation: false };
      expect(decideAttachOffer(sell, sellFacts({ requester: noDelegation }))).toEqual({ ok: true, value: { isPool: false } });
    });
  });

  describe("the subscriber", () => {
    it("answers one the requester cannot see with SubscriberNotFound", () => {
      expect(decideAttachOffer(sell, sellFacts({ subscriber: null }))).toEqual({ ok: false, refusal: { type: "SubscriberNotFound", identifier: imsi } });
      expect(decideAttachOffer(sell, sellFacts({ subscriber: subscriberOf(rb) }))).toEqual({
        ok: false,
        refusal: { type: "SubscriberNotFound", identifier: imsi },
      });
    });

    it("refuses in Sell mode one that is not a direct sub-customer's (SubscriberNotInSubAccount)", () => {
      expect(decideAttachOffer(sell, sellFacts({ subscriber: subscriberOf(ra, "own") }))).toEqual({
        ok: false,
        refusal: { type: "SubscriberNotInSubAccount", subscriberId: "own" },
      });
      expect(decideAttachOffer(sell, sellFacts({ subscriber: subscriberOf(da1, "deep") }))).toEqual({
        ok: false,
        refusal: { type: "SubscriberNotInSubAccount", subscriberId: "deep" },
      });
    });

    it("refuses in self-service one that is not the requester's own (SubscriberNotOwn)", () => {
      expect(decideAttachOffer(selfService, selfFacts({ subscriber: subscriberOf(da1, "deep") }))).toEqual({
        ok: false,
        refusal: { type: "SubscriberNotOwn", subscriberId: "deep" },
      });
    });
  });

  describe("the offer", () => {
    it.each([
      ["no offer", null],
      ["another tenant's offer", offerOf(other, "o1")],
      ["a sibling's offer", offerOf(rb, "o1")],
    ])("answers %s with OfferNotFound naming the id asked for", (_what, offer) => {
      expect(decideAttachOffer({ ...sell, offerId: "asked" }, sellFacts({ offer }))).toEqual({
        ok: false,
        refusal: { type: "OfferNotFound", offerId: "asked" },
      });
    });

    it("answers a grandparent's plan and a parent's pool plan made for a sibling with OfferNotFound in self-service", () => {
      for (const offer of [offerOf(op, "o1"), offerOf(ra, "o1", "POOL", "ea2")]) {
        expect(decideAttachOffer(selfService, selfFacts({ offer }))).toEqual({ ok: false, refusal: { type: "OfferNotFound", offerId: "o1" } });
      }
    });

    it("answers a parent's pool plan made for a sibling exactly like an unknown id", () => {
      const sibling = offerOf(ra, "o1", "POOL", "ea2");
      expect(decideAttachOffer(selfService, selfFacts({ offer: sibling }))).toEqual(decideAttachOffer(selfService, selfFacts({ offer: null })));
    });

    it("refuses in Sell mode a plan it can see but does not own (OfferNotSellPlan)", () => {
      // Its parent's plan (a Buy plan of ra), and its sub-customer's own plan.
      expect(decideAttachOffer(sell, sellFacts({ offer: offerOf(op, "buy") }))).toEqual({
        ok: false,
        refusal: { type: "OfferNotSellPlan", offerId: "buy" },
      });
      expect(decideAttachOffer(sell, sellFacts({ offer: offerOf(ea1, "sub") }))).toEqual({
        ok: false,
        refusal: { type: "OfferNotSellPlan", offerId: "sub" },
      });
    });

    it("refuses in self-service a plan it can see that is not its parent's (OfferNotBuyPlan)", () => {
      expect(decideAttachOffer(selfService, selfFacts({ offer: offerOf(ea1, "own") }))).toEqual({
        ok: false,
        refusal: { type: "OfferNotBuyPlan", offerId: "own" },
      });
      expect(decideAttachOffer(selfService, selfFacts({ offer: offerOf(da1, "sub") }))).toEqual({
        ok: false,
        refusal: { type: "OfferNotBuyPlan", offerId: "sub" },
      });
    });
  });

  describe("pool plans", () => {
    const pool = offerOf(ra, "pool", "POOL", "ea1");

    it("refuses the parent's pool plan made for the requester in self-service (PoolPlanNotSelfService)", () => {
      expect(decideAttachOffer({ ...selfService, offerId: "pool" }, selfFacts({ offer: pool }))).toEqual({
        ok: false,
        refusal: { type: "PoolPlanNotSelfService", offerId: "pool" },
      });
    });

    it("refuses one on a subscriber of another sub-account than it was made for (PoolPlanNotForSubAccount)", () => {
      expect(decideAttachOffer({ ...sell, offerId: "pool" }, sellFacts({ offer: pool, subscriber: subscriberOf(ea2, "s2") }))).toEqual({
        ok: false,
        refusal: { type: "PoolPlanNotForSubAccount", offerId: "pool", subscriberId: "s2" },
      });
    });

    it("refuses a second instance on one subscriber (PoolPlanAlreadyAttached), naming the first", () => {
      const existing = [{ id: "so-other", offerId: "o9", priority: 1 }, { id: "so-pool", offerId: "pool", priority: null }];
      expect(decideAttachOffer({ ...sell, offerId: "pool" }, sellFacts({ offer: pool, existing }))).toEqual({
        ok: false,
        refusal: { type: "PoolPlanAlreadyAttached", offerId: "pool", subscriberOfferId: "so-pool" },
      });
    });
  });

  describe("PriorityInUse", () => {
    it.each([0, 7, PRIORITY_MAX])("refuses the priority %d held by another offer, naming its holder", (priority) => {
      const existing = [{ id: "so-free", offerId: "o2", priority: priority + 1 }, { id: "so-held", offerId: "o3", priority }];
      expect(decideAttachOffer({ ...sell, priority }, sellFacts({ existing }))).toEqual({
        ok: false,
        refusal: { type: "PriorityInUse", priority, subscriberOfferId: "so-held" },
      });
    });

    it("applies to pool plans too", () => {
      const pool = offerOf(ra, "pool", "POOL", "ea1");
      const existing = [{ id: "so-held", offerId: "o3", priority: 3 }];
      expect(decideAttachOffer({ ...sell, offerId: "pool", priority: 3 }, sellFacts({ offer: pool, existing }))).toEqual({
        ok: false,
        refusal: { type: "PriorityInUse", priority: 3, subscriberOfferId: "so-held" },
      });
    });
  });
});
