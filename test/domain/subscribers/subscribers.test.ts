/** New subscribers (SPEC sections 1 and 4): at least one identifier, each valid; a taken one is refused. */
import { describe, expect, it } from "vitest";
import type { SubscriberIdentifier } from "../../../src/domain/subscribers/identifiers";
import { checkIdentifiersFree, readNewSubscriber, type NewSubscriber } from "../../../src/domain/subscribers/subscribers";

describe("readNewSubscriber", () => {
  it("accepts every identifier type, normalized, in the order IMSI, ICCID, MSISDN, IMEI, IMEISV", () => {
    const input = {
      customerId: "ea1",
      imeisv: "3563450000000520",
      msisdn: "+491510000003",
      imei: "490154203237518",
      iccid: "8935711001000034535",
      imsi: "222013090961859",
    };
    expect(readNewSubscriber(input, "input.subscribers[0]")).toEqual({
      ok: true,
      value: {
        customerId: "ea1",
        identifiers: [
          { type: "IMSI", value: "222013090961859" },
          { type: "ICCID", value: "8935711001000034535" },
          { type: "MSISDN", value: "491510000003" },
          { type: "IMEI", value: "490154203237518" },
          { type: "IMEISV", value: "3563450000000520" },
        ],
      },
    });
  });

  it("takes missing and null identifiers as absent", () => {
    expect(readNewSubscriber({ customerId: "ea1", imsi: null, iccid: undefined, msisdn: "12345" }, "p")).toEqual({
      ok: true,
      value: { customerId: "ea1", identifiers: [{ type: "MSISDN", value: "12345" }] },
    });
  });

  it("refuses a subscriber without any identifier at the item's path", () => {
    const none = { ok: false, refusal: { type: "ValidationFailed", issues: [{ path: "input.subscribers[3]", message: "give at least one of imsi, iccid, msisdn, imei, imeisv" }] } };
    expect(readNewSubscriber({ customerId: "ea1" }, "input.subscribers[3]")).toEqual(none);
    expect(readNewSubscriber({ customerId: "ea1", imsi: null, iccid: null, msisdn: null, imei: null, imeisv: null }, "input.subscribers[3]")).toEqual(none);
  });

  it("refuses each malformed identifier at its own field, and only those", () => {
    const decision = readNewSubscriber({ customerId: "ea1", imsi: "12345", iccid: "8935711001000034535", imei: "490154203237519", imeisv: "" }, "$.subscribers[2]");
    expect(decision).toEqual({
      ok: false,
      refusal: {
        type: "ValidationFailed",
        issues: [
          { path: "$.subscribers[2].imsi", message: "IMSI must be 6 to 15 digits" },
          { path: "$.subscribers[2].imei", message: "IMEI check digit (Luhn) is wrong" },
          { path: "$.subscribers[2].imeisv", message: "IMEISV must contain digits only" },
        ],
      },
    });
  });

  it("does not ask for an identifier when the only ones given are malformed", () => {
    expect(readNewSubscriber({ customerId: "ea1", msisdn: "+12" }, "input.subscribers[0]")).toEqual({
      ok: false,
      refusal: { type: "ValidationFailed", issues: [{ path: "input.subscribers[0].msisdn", message: "MSISDN must be 5 to 15 digits" }] },
    });
  });
});

describe("checkIdentifiersFree", () => {
  const subscriber: NewSubscriber = {
    customerId: "ea1",
    identifiers: [
      { type: "IMSI", value: "222013090961859" },
      { type: "MSISDN", value: "491510000003" },
      { type: "IMEI", value: "490154203237518" },
    ],
  };

  it("accepts a subscriber whose identifiers no one has", () => {
    expect(checkIdentifiersFree(subscriber, [])).toEqual({ ok: true, value: subscriber });
    // The same value under another identifier type is no clash.
    expect(checkIdentifiersFree(subscriber, [{ type: "ICCID", value: "491510000003" }])).toEqual({ ok: true, value: subscriber });
  });

  it("refuses the first identifier another subscriber has (SubscriberIdentifierTaken)", () => {
    const inUse: SubscriberIdentifier[] = [
      { type: "IMEI", value: "490154203237518" },
      { type: "MSISDN", value: "491510000003" },
    ];
    expect(checkIdentifiersFree(subscriber, inUse)).toEqual({
      ok: false,
      refusal: { type: "SubscriberIdentifierTaken", identifier: { type: "MSISDN", value: "491510000003" } },
    });
  });
});
