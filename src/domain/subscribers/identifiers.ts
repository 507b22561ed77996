/**
 * Subscriber identifiers (SPEC section 4). Accepted as strings and checked here, so that a
 * bad one comes back as a typed validation error naming its input path.
 */
export const IDENTIFIER_TYPES = ["IMSI", "ICCID", "MSISDN", "IMEI", "IMEISV"] as const;
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

/** The column that holds each identifier type. */
export const IDENTIFIER_COLUMNS = {
  IMSI: "imsi",
  ICCID: "iccid",
  MSISDN: "msisdn",
  IMEI: "imei",
  IMEISV: "imeisv",
} as const satisfies Record<IdentifierType, string>;
export type IdentifierColumn = (typeof IDENTIFIER_COLUMNS)[IdentifierType];

export interface SubscriberIdentifier {
  type: IdentifierType;
  value: string;
}

export type IdentifierCheck = { ok: true; value: string } | { ok: false; reason: string };

/** Luhn check over a string of digits whose last digit is the check digit. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const DIGITS = /^[0-9]+$/;

function lengthBetween(value: string, min: number, max: number, label: string): IdentifierCheck {
  if (!DIGITS.test(value)) return { ok: false, reason: `${label} must contain digits only` };
  if (value.length < min || value.length > max) {
    return {
      ok: false,
      reason: min === max ? `${label} must be ${min} digits` : `${label} must be ${min} to ${max} digits`,
    };
  }
  return { ok: true, value };
}

/**
 * Checks one identifier and returns its stored form: IMSI 6-15 digits; ICCID 18-22;
 * MSISDN 5-15 (a leading "+" is stripped); IMEI 14 digits, or 15 with a Luhn check digit;
 * IMEISV 16 digits.
 */
export function normalizeIdentifier(type: IdentifierType, raw: string): IdentifierCheck {
  switch (type) {
    case "IMSI":
      return lengthBetween(raw, 6, 15, "IMSI");
    case "ICCID":
      return lengthBetween(raw, 18, 22, "ICCID");
    case "MSISDN":
      return lengthBetween(raw.startsWith("+") ? raw.slice(1) : raw, 5, 15, "MSISDN");
    case "IMEI": {
      const checked = lengthBetween(raw, 14, 15, "IMEI");
      if (checked.ok && raw.length === 15 && !luhnValid(raw)) {
        return { ok: false, reason: "IMEI check digit (Luhn) is wrong" };
      }
      return checked;
    }
    case "IMEISV":
      return lengthBetween(raw, 16, 16, "IMEISV");
  }
}

/** The digits of an IMEI without its check digit: what names the device. */
export const IMEI_KEY_LENGTH = 14;

/**
 * The form under which an identifier is unique and looked up (SPEC section 4), from a
 * normalized value. An IMEI's 14- and 15-digit forms name one device (the 15th digit is only
 * a check digit), so an IMEI's key is its first 14 digits; every other identifier is its own
 * key. The database keeps the same key for IMEIs (subscribers.imei_key) and holds it unique.
 */
export function identifierKey(identifier: SubscriberIdentifier): string {
  return identifier.type === "IMEI" ? identifier.value.slice(0, IMEI_KEY_LENGTH) : identifier.value;
}

/** What tells identifiers apart for lookups: their type and key (identifierKey). */
export function lookupKey(identifier: SubscriberIdentifier): string {
  return `${identifier.type}:${identifierKey(identifier)}`;
}

/** The lookup keys (lookupKey) of every identifier a subscriber has, from its stored columns. */
export function lookupKeysOf(row: Record<IdentifierColumn | "imeiKey", string | null>): string[] {
  const keys: string[] = [];
  for (const type of IDENTIFIER_TYPES) {
    const key = type === "IMEI" ? row.imeiKey : row[IDENTIFIER_COLUMNS[type]];
    if (key !== null) keys.push(`${type}:${key}`);
  }
  return keys;
}
