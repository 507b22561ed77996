/**
 * Which of a customer's subscribers a list shows: those with one package attached, or with
 * none; and those whose IMSI, ICCID or MSISDN starts with some digits. The filter only narrows
 * a list the requester may already see (the customer's own subscribers), so a package id that
 * names another tenant's package simply matches nothing.
 */
import type { InputIssue } from "../refusals";
import { IDENTIFIER_COLUMNS } from "./identifiers";

/** The identifiers a list can be narrowed by a prefix of. */
export const PREFIX_IDENTIFIER_TYPES = ["IMSI", "ICCID", "MSISDN"] as const;
export type PrefixIdentifierType = (typeof PREFIX_IDENTIFIER_TYPES)[number];

/** The longest value of each (SPEC section 4): a longer prefix would match nothing. */
const MAX_DIGITS: Record<PrefixIdentifierType, number> = { IMSI: 15, ICCID: 22, MSISDN: 15 };

/**
 * The identifiers that start with `prefix`: from `prefix` (included) up to `end` (excluded),
 * a range an index on the identifier answers. Identifiers are digits only, so every value that
 * starts with the prefix sorts between the two; there is no end when the prefix is all nines.
 */
export interface IdentifierPrefix {
  type: PrefixIdentifierType;
  column: (typeof IDENTIFIER_COLUMNS)[PrefixIdentifierType];
  prefix: string;
  end: string | null;
}

export interface SubscriberFilter {
  /** Only subscribers with this package attached (`{ id }`), or with none (`"none"`). */
  package?: { id: string } | "none";
  identifierPrefix?: IdentifierPrefix;
}

/** A filter as received (`SubscriberFilter` of the API). */
export interface SubscriberFilterInput {
  packageId?: string | null;
  withoutPackage?: boolean | null;
  identifierPrefix?: { type: string; prefix: string } | null;
}

/**
 * The smallest digit string greater than every digit string that starts with `prefix`: the
 * prefix with its last digit that is not a 9 raised by one and the nines after it dropped
 * ("129" → "13"); null for nines only.
 */
export function prefixEnd(prefix: string): string | null {
  const kept = prefix.replace(/9+$/, "");
  if (kept.length === 0) return null;
  return kept.slice(0, -1) + String(Number(kept.at(-1)) + 1);
}

/**
 * Reads a subscriber list's filter; an omitted or empty filter shows every subscriber. The
 * prefix is 1 to the identifier's longest length in digits (an MSISDN's leading + dropped, as
 * everywhere); `packageId` and `withoutPackage: true` contradict each other.
 */
export function readSubscriberFilter(
  input: SubscriberFilterInput | null | undefined,
  path = "filter",
): { ok: true; filter: SubscriberFilter } | { ok: false; issues: InputIssue[] } {
  if (!input) return { ok: true, filter: {} };
  const issues: InputIssue[] = [];
  const filter: SubscriberFilter = {};
  if (input.packageId && input.withoutPackage) {
    issues.push({ path: `${path}.withoutPackage`, message: "give packageId or withoutPackage: true, not both" });
  } else if (input.packageId) {
    filter.package = { id: input.packageId.toLowerCase() };
  } else if (input.withoutPackage) {
    filter.package = "none";
  }
  if (input.identifierPrefix) {
    const read = readIdentifierPrefix(input.identifierPrefix, `${path}.identifierPrefix`);
    if (read.ok) filter.identifierPrefix = read.prefix;
    else issues.push(read.issue);
  }
  return issues.length ? { ok: false, issues } : { ok: true, filter };
}

function readIdentifierPrefix(
  input: { type: string; prefix: string },
  path: string,
): { ok: true; prefix: IdentifierPrefix } | { ok: false; issue: InputIssue } {
  const type = PREFIX_IDENTIFIER_TYPES.find((t) => t === input.type);
  if (!type) return { ok: false, issue: { path: `${path}.type`, message: `type must be one of ${PREFIX_IDENTIFIER_TYPES.join(", ")}` } };
  const digits = type === "MSISDN" && input.prefix.startsWith("+") ? input.prefix.slice(1) : input.prefix;
  const max = MAX_DIGITS[type];
  if (!/^[0-9]*$/.test(digits)) return { ok: false, issue: { path: `${path}.prefix`, message: `${type} prefix must contain digits only` } };
  if (digits.length < 1 || digits.length > max) {
    return { ok: false, issue: { path: `${path}.prefix`, message: `${type} prefix must be 1 to ${max} digits` } };
  }
  return { ok: true, prefix: { type, column: IDENTIFIER_COLUMNS[type], prefix: digits, end: prefixEnd(digits) } };
}
