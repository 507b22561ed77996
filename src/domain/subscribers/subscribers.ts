/**
 * New subscribers (SPEC sections 1 and 4): at least one identifier, each valid for its type;
 * identifiers are unique across the system, so a taken one is refused per item.
 */
import { IDENTIFIER_COLUMNS, IDENTIFIER_TYPES, normalizeIdentifier, type IdentifierColumn, type SubscriberIdentifier } from "./identifiers";
import { accept, invalid, refuse, type InputIssue, type Reading } from "../refusals";

export type NewSubscriberInput = { customerId: string } & Partial<Record<IdentifierColumn, string | null>>;

export interface NewSubscriber {
  customerId: string;
  identifiers: SubscriberIdentifier[];
}

export function readNewSubscriber(input: NewSubscriberInput, prefix: string): Reading<NewSubscriber> {
  const issues: InputIssue[] = [];
  const identifiers: SubscriberIdentifier[] = [];
  for (const type of IDENTIFIER_TYPES) {
    const raw = input[IDENTIFIER_COLUMNS[type]];
    if (raw === null || raw === undefined) continue;
    const checked = normalizeIdentifier(type, raw);
    if (checked.ok) identifiers.push({ type, value: checked.value });
    else issues.push({ path: `${prefix}.${IDENTIFIER_COLUMNS[type]}`, message: checked.reason });
  }
  if (identifiers.length === 0 && issues.length === 0) {
    issues.push({ path: prefix, message: "give at least one of imsi, iccid, msisdn, imei, imeisv" });
  }
  return issues.length ? refuse(invalid(issues)) : accept({ customerId: input.customerId, identifiers });
}

/**
 * Each identifier is unique across the system (SPEC section 4): refuses the first of the new
 * subscriber's identifiers that is in use, given those in use (facts the use case loaded).
 */
export function checkIdentifiersFree(subscriber: NewSubscriber, inUse: readonly SubscriberIdentifier[]) {
  const clash = subscriber.identifiers.find((identifier) => inUse.some((used) => used.type === identifier.type && used.value === identifier.value));
  return clash ? refuse({ type: "SubscriberIdentifierTaken", identifier: clash }) : accept(subscriber);
}
