/** Subscriber identifiers (SPEC section 4). */
import { describe, expect, it } from "vitest";
import { IDENTIFIER_COLUMNS, IDENTIFIER_TYPES, identifierKey, luhnValid, normalizeIdentifier } from "../../../src/domain/subscribers/identifiers";

describe("normalizeIdentifier", () => {
  it.each([
    ["IMSI", "123456", "123456"],
    ["IMSI", "222013090961859", "222013090961859"],
    ["ICCID", "8935711001000034535", "8935711001000034535"],
    ["ICCID", "893571100100003453512", "893571100100003453512"],
    ["MSISDN", "12345", "12345"],
    ["MSISDN", "+491510000003", "491510000003"],
    ["IMEI", "49015420323751", "49015420323751"],
    ["IMEI", "490154203237518", "490154203237518"],
    ["IMEISV", "3563450000000520", "3563450000000520"],
  ] as const)("accepts %s %s", (type, raw, stored) => {
    expect(normalizeIdentifier(type, raw)).toEqual({ ok: true, value: stored });
  });

  it.each([
    ["IMSI", "12345", "IMSI must be 6 to 15 digits"],
    ["IMSI", "1234567890123456", "IMSI must be 6 to 15 digits"],
    ["IMSI", "22201309096185a", "IMSI must contain digits only"],
    ["IMSI", "", "IMSI must contain digits only"],
    ["IMSI", " 222013090961859", "IMSI must contain digits only"],
    ["ICCID", "89357110010000345", "ICCID must be 18 to 22 digits"],
    ["ICCID", "89357110010000345351234", "ICCID must be 18 to 22 digits"],
    ["MSISDN", "+1234", "MSISDN must be 5 to 15 digits"],
    ["MSISDN", "++12345", "MSISDN must contain digits only"],
    ["MSISDN", "1234567890123456", "MSISDN must be 5 to 15 digits"],
    ["IMEI", "4901542032375", "IMEI must be 14 to 15 digits"],
    ["IMEI", "490154203237519", "IMEI check digit (Luhn) is wrong"],
    ["IMEISV", "356345000000052", "IMEISV must be 16 digits"],
    ["IMEISV", "35634500000005200", "IMEISV must be 16 digits"],
  ] as const)("refuses %s %j: %s", (type, raw, reason) => {
    expect(normalizeIdentifier(type, raw)).toEqual({ ok: false, reason });
  });

  it.each([
    ["ICCID", "893571100100003453"],
    ["ICCID", "8935711001000034535123"],
    ["MSISDN", "+123456789012345"],
    ["IMSI", "123456789012345"],
  ] as const)("accepts %s %s at the edge of its length", (type, raw) => {
    expect(normalizeIdentifier(type, raw)).toEqual({ ok: true, value: raw.replace(/^\+/, "") });
  });

  it.each([
    ["IMSI", "+222013090961859", "IMSI must contain digits only"],
    ["ICCID", "+8935711001000034535", "ICCID must contain digits only"],
    ["MSISDN", "+", "MSISDN must contain digits only"],
    ["MSISDN", "+49 151 0000003", "MSISDN must contain digits only"],
    ["IMEI", "49015420323751a", "IMEI must contain digits only"],
    ["IMEI", "4901542032375180", "IMEI must be 14 to 15 digits"],
    ["IMEISV", "356345000000052x", "IMEISV must contain digits only"],
    ["IMSI", "\u0662\u0662\u0662\u0660\u0661\u0663\u0660", "IMSI must contain digits only"],
    ["IMSI", "2220130909618\n", "IMSI must contain digits only"],
  ] as const)("refuses %s %j: %s", (type, raw, reason) => {
    expect(normalizeIdentifier(type, raw)).toEqual({ ok: false, reason });
  });

  it("accepts exactly one check digit for each 14-digit IMEI body", () => {
    for (const body of ["49015420323751", "35209900176148", "00000000000000"]) {
      const accepted = [..."0123456789"].filter((digit) => normalizeIdentifier("IMEI", body + digit).ok);
      expect(accepted, body).toHaveLength(1);
    }
  });

  it("computes Luhn check digits", () => {
    expect(luhnValid("79927398713")).toBe(true);
    expect(luhnValid("79927398710")).toBe(false);
  });
});

describe("identifierKey", () => {
  it("keys an IMEI by its first 14 digits, so its 14- and 15-digit forms are one device", () => {
    expect(identifierKey({ type: "IMEI", value: "490154203237518" })).toBe("49015420323751");
    expect(identifierKey({ type: "IMEI", value: "49015420323751" })).toBe("49015420323751");
  });

  it.each([
    ["IMSI", "222013090961859"],
    ["ICCID", "893571100100003453512"],
    ["MSISDN", "491510000003"],
    ["IMEISV", "3563450000000520"],
  ] as const)("keys %s by its normalized value", (type, value) => {
    expect(identifierKey({ type, value })).toBe(value);
  });
});

describe("IDENTIFIER_COLUMNS", () => {
  it("stores each identifier type in a column of its own", () => {
    const columns = IDENTIFIER_TYPES.map((type) => IDENTIFIER_COLUMNS[type]);
    expect(new Set(columns).size).toBe(IDENTIFIER_TYPES.length);
    expect(columns).toEqual(IDENTIFIER_TYPES.map((type) => type.toLowerCase()));
  });
});
