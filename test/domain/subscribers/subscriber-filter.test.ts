/** The filter of a list of subscribers: a package (or none) and an identifier prefix. */
import { describe, expect, it } from "vitest";
import { prefixEnd, readSubscriberFilter } from "../../../src/domain/subscribers/subscriber-filter";

const PACKAGE = "5f0c4b2e-8d3a-4c1e-9b7a-2e6f1d0c9a88";

describe("prefixEnd", () => {
  it.each([
    ["1", "2"],
    ["129", "13"],
    ["2220", "2221"],
    ["19", "2"],
    ["1999", "2"],
    ["0", "1"],
    ["08", "09"],
  ])("ends the digit strings that start with %s before %s", (prefix, end) => {
    expect(prefixEnd(prefix)).toBe(end);
  });

  it.each(["9", "99", "999999999999999"])("has no end for the nines-only prefix %s", (prefix) => {
    expect(prefixEnd(prefix)).toBeNull();
  });

  it("lies above every digit string that starts with the prefix and below every greater one that does not", () => {
    for (const prefix of ["1", "22201", "129", "8935711", "4", "0"]) {
      const end = prefixEnd(prefix)!;
      for (const value of [prefix, `${prefix}0`, `${prefix}9`, `${prefix}999999999`]) {
        expect(value >= prefix && value < end, `${value} under ${prefix}`).toBe(true);
      }
      for (const value of [end, `${end}0`]) expect(value < end, `${value} past ${prefix}`).toBe(false);
    }
  });
});

describe("readSubscriberFilter", () => {
  it("keeps every subscriber when the filter is omitted or empty", () => {
    expect(readSubscriberFilter(undefined)).toEqual({ ok: true, filter: {} });
    expect(readSubscriberFilter(null)).toEqual({ ok: true, filter: {} });
    expect(readSubscriberFilter({})).toEqual({ ok: true, filter: {} });
    expect(readSubscriberFilter({ packageId: null, withoutPackage: false, identifierPrefix: null })).toEqual({ ok: true, filter: {} });
  });

  it("reads a package id in any letter case as its lower-case form", () => {
    expect(readSubscriberFilter({ packageId: PACKAGE.toUpperCase() })).toEqual({ ok: true, filter: { package: { id: PACKAGE } } });
  });

  it("reads withoutPackage: true as subscribers with no package", () => {
    expect(readSubscriberFilter({ withoutPackage: true })).toEqual({ ok: true, filter: { package: "none" } });
  });

  it("refuses packageId together with withoutPackage: true", () => {
    expect(readSubscriberFilter({ packageId: PACKAGE, withoutPackage: true })).toEqual({
      ok: false,
      issues: [{ path: "filter.withoutPackage", message: "give packageId or withoutPackage: true, not both" }],
    });
  });

  it("reads an identifier prefix as a range on its column", () => {
    expect(readSubscriberFilter({ identifierPrefix: { type: "IMSI", prefix: "22201" } })).toEqual({
      ok: true,
      filter: { identifierPrefix: { type: "IMSI", column: "imsi", prefix: "22201", end: "22202" } },
    });
    expect(readSubscriberFilter({ identifierPrefix: { type: "ICCID", prefix: "89" } })).toMatchObject({
      ok: true,
      filter: { identifierPrefix: { type: "ICCID", column: "iccid", prefix: "89", end: "9" } },
    });
    expect(readSubscriberFilter({ identifierPrefix: { type: "ICCID", prefix: "99" } })).toMatchObject({
      ok: true,
      filter: { identifierPrefix: { prefix: "99", end: null } },
    });
  });

  it("drops an MSISDN prefix's leading +, as an MSISDN's", () => {
    expect(readSubscriberFilter({ identifierPrefix: { type: "MSISDN", prefix: "+49" } })).toEqual({
      ok: true,
      filter: { identifierPrefix: { type: "MSISDN", column: "msisdn", prefix: "49", end: "5" } },
    });
  });

  it("reads a package and a prefix together", () => {
    expect(readSubscriberFilter({ withoutPackage: true, identifierPrefix: { type: "IMSI", prefix: "1" } })).toEqual({
      ok: true,
      filter: { package: "none", identifierPrefix: { type: "IMSI", column: "imsi", prefix: "1", end: "2" } },
    });
  });

  it.each([
    ["letters", "IMSI", "2220a", "IMSI prefix must contain digits only"],
    ["a space", "ICCID", "89 35", "ICCID prefix must contain digits only"],
    ["a + on an IMSI", "IMSI", "+222", "IMSI prefix must contain digits only"],
    ["a wildcard", "MSISDN", "49%", "MSISDN prefix must contain digits only"],
    ["nothing", "IMSI", "", "IMSI prefix must be 1 to 15 digits"],
    ["a lone +", "MSISDN", "+", "MSISDN prefix must be 1 to 15 digits"],
    ["more digits than an IMSI has", "IMSI", "1".repeat(16), "IMSI prefix must be 1 to 15 digits"],
    ["more digits than an ICCID has", "ICCID", "1".repeat(23), "ICCID prefix must be 1 to 22 digits"],
  ])("refuses a prefix of %s at its path", (_what, type, prefix, message) => {
    expect(readSubscriberFilter({ identifierPrefix: { type, prefix } })).toEqual({
      ok: false,
      issues: [{ path: "filter.identifierPrefix.prefix", message }],
    });
  });

  it("accepts a prefix as long as the identifier's longest form", () => {
    expect(readSubscriberFilter({ identifierPrefix: { type: "ICCID", prefix: "1".repeat(22) } })).toMatchObject({ ok: true });
  });

  it("refuses an identifier type without a prefix filter", () => {
    expect(readSubscriberFilter({ identifierPrefix: { type: "IMEI", prefix: "35" } }, "where")).toEqual({
      ok: false,
      issues: [{ path: "where.identifierPrefix.type", message: "type must be one of IMSI, ICCID, MSISDN" }],
    });
  });

  it("reports every issue at once", () => {
    const read = readSubscriberFilter({ packageId: PACKAGE, withoutPackage: true, identifierPrefix: { type: "IMSI", prefix: "x" } });
    expect(read.ok ? [] : read.issues.map((i) => i.path)).toEqual(["filter.withoutPackage", "filter.identifierPrefix.prefix"]);
  });
});
