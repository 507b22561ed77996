/**
 * An IMEI's 14- and 15-digit forms are one device (SPEC section 4): a lookup by either form
 * finds it, a second subscriber with the other form is refused as taken (by the API, the world
 * loader and the database itself), and the IMEI is answered as it was given when created.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkWorld } from "../../src/domain/world/world";
import {
  ATTACH_OFFER,
  ATTACH_PACKAGE,
  BULK_REPLACE_PACKAGE,
  CREATE_SUBSCRIBERS,
  DETACH_OFFER,
  DETACH_PACKAGE,
  countRows,
  run,
} from "../helpers/management";
import { startTestServer, type TestServer } from "../helpers/server";
import { C, O, P, S, testWorld } from "../helpers/world";

/** RA_1's IMEI is stored in its 15-digit form; this is its 14-digit form. */
const RA_1_IMEI_14 = S.RA_1.imei.slice(0, 14);
/** A device not in the test world, in both forms (the 15th digit is its Luhn check digit). */
const NEW_IMEI_14 = "35209900176148";
const NEW_IMEI_15 = "352099001761481";
const imei = (value: string) => ({ type: "IMEI", value });

const FIND = `query($i: SubscriberIdentifierInput!) { subscriber(identifier: $i) { id customer { id } imei package { id } } }`;

describe("an IMEI's two forms", () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer();
  });
  afterEach(() => t.close());

  const find = async (value: string) => (await t.gql("RA", FIND, { i: imei(value) })).body.data.subscriber;
  const createSubscribers = (items: unknown[]) => run(t, "RA", CREATE_SUBSCRIBERS, { input: { items } });

  describe("lookups", () => {
    it("subscriber(identifier) finds a 15-digit IMEI by its 14-digit form, answering the IMEI as given", async () => {
      const expected = { id: S.RA_1.id, customer: { id: C.RA }, imei: S.RA_1.imei, package: { id: P.OP_ALL } };
      expect(await find(S.RA_1.imei)).toEqual(expected);
      expect(await find(RA_1_IMEI_14)).toEqual(expected);
    });

    it("subscriber(identifier) finds a 14-digit IMEI by its 15-digit form", async () => {
      const created = await createSubscribers([{ customerId: C.EA1, imei: NEW_IMEI_14 }]);
      const id = created.results[0].subscriber.id;
      const expected = { id, customer: { id: C.EA1 }, imei: NEW_IMEI_14, package: null };
      expect(await find(NEW_IMEI_14)).toEqual(expected);
      expect(await find(NEW_IMEI_15)).toEqual(expected);
      // A 15-digit form with a wrong check digit is still malformed, not another name for it.
      const wrong = await t.gql("RA", FIND, { i: imei(`${NEW_IMEI_14}2`) });
      expect(wrong.body.data.subscriber).toBeNull();
      expect(wrong.body.errors?.[0]?.extensions?.code).toBe("VALIDATION_FAILED");
    });

    it("attachOffer, detachOffer, detachPackage, attachPackage and bulkReplacePackage find a 15-digit IMEI by its 14-digit form", async () => {
      const attached = await run(t, "RA", ATTACH_OFFER, { input: { subscriber: imei(RA_1_IMEI_14), offerId: O.OP_REG2, myOffer: true, priority: 30 } });
      expect(attached).toMatchObject({ __typename: "AttachOfferSuccess", subscriberOffer: { priority: 30, offer: { id: O.OP_REG2 } } });
      expect(await countRows(t, "subscriber_offers", "id = ? AND subscriber_id = ?", attached.subscriberOffer.id, S.RA_1.id)).toBe(1);
      expect(await run(t, "RA", DETACH_OFFER, { input: { subscriberOfferId: attached.subscriberOffer.id, myOffer: true } })).toMatchObject({
        __typename: "DetachOfferSuccess",
        subscriber: { id: S.RA_1.id },
      });

      expect(await run(t, "RA", DETACH_PACKAGE, { input: { subscriber: imei(RA_1_IMEI_14), packageId: P.OP_ALL, myPackage: true } })).toMatchObject({
        __typename: "DetachPackageSuccess",
        subscriber: { id: S.RA_1.id, package: null },
      });
      expect(await run(t, "RA", ATTACH_PACKAGE, { input: { subscriber: imei(RA_1_IMEI_14), packageId: P.OP_ALL, myPackage: true } })).toMatchObject({
        __typename: "AttachPackageSuccess",
        subscriber: { id: S.RA_1.id, package: { id: P.OP_ALL } },
      });

      const replaced = await run(t, "RA", BULK_REPLACE_PACKAGE, {
        input: { items: [{ subscriber: imei(RA_1_IMEI_14), currentPackageId: P.OP_ALL, newPackageId: P.OP_RA, myPackage: true }] },
      });
      expect(replaced).toMatchObject({ succeededCount: 1, failedCount: 0, results: [{ subscriber: imei(RA_1_IMEI_14), error: null }] });
      expect(await countRows(t, "subscribers", "id = ? AND package_id = ?", S.RA_1.id, P.OP_RA)).toBe(1);
    });

    it("attachOffer, detachOffer, attachPackage, detachPackage and bulkReplacePackage find a 14-digit IMEI by its 15-digit form", async () => {
      const created = await createSubscribers([{ customerId: C.EA1, imei: NEW_IMEI_14 }]);
      const id = created.results[0].subscriber.id;
      const attached = await run(t, "RA", ATTACH_OFFER, { input: { subscriber: imei(NEW_IMEI_15), offerId: O.RA_REG3, priority: 30 } });
      expect(attached).toMatchObject({ __typename: "AttachOfferSuccess", subscriberOffer: { priority: 30, offer: { id: O.RA_REG3 } } });
      expect(await countRows(t, "subscriber_offers", "id = ? AND subscriber_id = ?", attached.subscriberOffer.id, id)).toBe(1);
      expect(await run(t, "RA", DETACH_OFFER, { input: { subscriberOfferId: attached.subscriberOffer.id } })).toMatchObject({
        __typename: "DetachOfferSuccess",
        subscriber: { id, offers: [] },
      });

      expect(await run(t, "RA", ATTACH_PACKAGE, { input: { subscriber: imei(NEW_IMEI_15), packageId: P.RA_BASIC } })).toMatchObject({
        __typename: "AttachPackageSuccess",
        subscriber: { id, package: { id: P.RA_BASIC } },
      });
      const replaced = await run(t, "RA", BULK_REPLACE_PACKAGE, {
        input: { items: [{ subscriber: imei(NEW_IMEI_15), currentPackageId: P.RA_BASIC, newPackageId: P.RA_PREMIUM }] },
      });
      expect(replaced).toMatchObject({ succeededCount: 1, failedCount: 0, results: [{ subscriber: imei(NEW_IMEI_15), error: null }] });
      expect(await run(t, "RA", DETACH_PACKAGE, { input: { subscriber: imei(NEW_IMEI_15), packageId: P.RA_PREMIUM } })).toMatchObject({
        __typename: "DetachPackageSuccess",
        subscriber: { id, package: null },
      });
      // The IMEI is still answered as it was given.
      expect(await find(NEW_IMEI_15)).toMatchObject({ id, imei: NEW_IMEI_14 });
    });
  });

  describe("uniqueness", () => {
    const taken = (value: string) => ({
      __typename: "SubscriberIdentifierTaken",
      code: "VALIDATION_FAILED",
      message: "Another subscriber already has this identifier",
      identifier: imei(value),
    });

    it("createSubscribers refuses the 14-digit form of a stored 15-digit IMEI as taken, creating nothing", async () => {
      const before = await countRows(t, "subscribers");
      const result = await createSubscribers([{ customerId: C.EA1, imsi: "222010000000701", imei: RA_1_IMEI_14 }]);
      expect(result).toMatchObject({ succeededCount: 0, failedCount: 1, results: [{ requestId: null, subscriber: null, error: taken(RA_1_IMEI_14) }] });
      expect(await countRows(t, "subscribers")).toBe(before);
      expect(await countRows(t, "subscribers", "imsi = ? OR imei = ?", "222010000000701", RA_1_IMEI_14)).toBe(0);
    });

    it("createSubscribers refuses the 15-digit form of a stored 14-digit IMEI, also within one call", async () => {
      const result = await createSubscribers([
        { customerId: C.EA1, imei: NEW_IMEI_14 },
        { customerId: C.EA2, imei: NEW_IMEI_15 },
      ]);
      expect(result).toMatchObject({ succeededCount: 1, failedCount: 1 });
      expect(result.results.map((r: { error: unknown }) => r.error)).toEqual([null, taken(NEW_IMEI_15)]);
      const again = await createSubscribers([{ customerId: C.EA2, imei: NEW_IMEI_15 }]);
      expect(again.results[0].error).toEqual(taken(NEW_IMEI_15));
      expect(await countRows(t, "subscribers", "imei IN (?, ?)", NEW_IMEI_14, NEW_IMEI_15)).toBe(1);
      expect(await countRows(t, "subscribers", "customer_id = ?", C.EA2)).toBe(1);
    });

    it("is held by the database: a row with the other form is refused", async () => {
      const insert = t.db.run(
        "INSERT INTO subscribers (id, customer_id, imei, created_at) VALUES (?, ?, ?, ?)",
        "99999999-0000-4000-8000-00000000abcd",
        C.EA1,
        RA_1_IMEI_14,
        new Date(0),
      );
      await expect(insert).rejects.toThrow(
        t.engine === "sqlite" ? /UNIQUE constraint failed: subscribers\.imei_key/ : /unique constraint "subscribers_imei_key_unique"/,
      );
      expect(await countRows(t, "subscribers", "imei = ?", RA_1_IMEI_14)).toBe(0);
    });

    it("the world loader refuses the other form of an IMEI in the same file, either way round, naming its JSON path", () => {
      const world = testWorld();
      const extra = (n: number, value: string) => ({ ...world.subscribers[6]!, id: `00000004-0000-4000-8000-0000000000f${n}`, imsi: null, imei: value });
      const subscribers = [...world.subscribers, extra(1, RA_1_IMEI_14), extra(2, NEW_IMEI_14), extra(3, NEW_IMEI_15)];
      expect(checkWorld({ ...world, subscribers })).toEqual({
        ok: false,
        problems: [
          { path: "$.subscribers[9].imei", message: `IMEI ${RA_1_IMEI_14} is also used by $.subscribers[4]` },
          { path: "$.subscribers[11].imei", message: `IMEI ${NEW_IMEI_15} is also used by $.subscribers[10]` },
        ],
      });
    });

    it("the world loader refuses the other form of an IMEI already in the database, either way round, changing nothing", async () => {
      await createSubscribers([{ customerId: C.EA1, imei: NEW_IMEI_14 }]);
      const customerId = "00000007-0000-4000-8000-000000000001";
      const checked = checkWorld({
        customers: [{ id: customerId, name: "Elsewhere", parentId: null }],
        subscribers: [
          { id: "00000007-0000-4000-8000-000000000002", customerId, imsi: "222010000000801" },
          { id: "00000007-0000-4000-8000-000000000003", customerId, imei: RA_1_IMEI_14 },
          { id: "00000007-0000-4000-8000-000000000004", customerId, imei: NEW_IMEI_15 },
        ],
      });
      if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
      const before = await t.db.digest();
      const conflict = "conflicts with data already in the database: another subscriber has this IMEI";
      expect(await t.loadWorld(checked.world)).toEqual({
        ok: false,
        problems: [
          { path: "$.subscribers[1].imei", message: conflict },
          { path: "$.subscribers[2].imei", message: conflict },
        ],
      });
      expect(await t.db.digest()).toBe(before);
    });
  });
});
