/**
 * Everything an operation can refuse, as plain data, typed from the one catalogue of refusal
 * kinds (src/domain/error-codes.ts). The domain returns these; the GraphQL layer turns each
 * into the error type of the same name (src/graphql/errors/catalogue.ts).
 * Every field is JSON, so that an idempotent retry can replay a refusal exactly.
 */
import { REFUSAL_KINDS, type RefusalFieldType, type RefusalType } from "./error-codes";
import type { SubscriberIdentifier } from "./subscribers/identifiers";

export type { RefusalType };

export interface InputIssue {
  /** Where in the input, e.g. "input.items[2].subscriber.value". */
  path: string;
  message: string;
}

type FieldValue<T extends RefusalFieldType> = T extends "UUID" | "String" | "ExternalParamEntity"
  ? string
  : T extends "UUID?"
    ? string | null
    : T extends "[UUID]"
      ? string[]
      : T extends "Int"
        ? number
        : T extends "SubscriberIdentifier"
          ? SubscriberIdentifier
          : T extends "[InputIssue]"
            ? InputIssue[]
            : never;

type FieldsOf<D> = { -readonly [F in keyof D]: D[F] extends { type: infer T extends RefusalFieldType } ? FieldValue<T> : never };

/** One refusal as plain data: its kind's name and the fields the catalogue declares for it. */
export type Refusal = { [K in RefusalType]: { type: K } & FieldsOf<(typeof REFUSAL_KINDS)[K]["fields"]> }[RefusalType];

export type Decision<T> = { ok: true; value: T } | { ok: false; refusal: Refusal };

export const accept = <T>(value: T): Decision<T> => ({ ok: true, value });
export const refuse = <T = never>(refusal: Refusal): Decision<T> => ({ ok: false, refusal });

export const invalid = (issues: InputIssue[]): Refusal => ({ type: "ValidationFailed", issues });

/** The input issues of a ValidationFailed decision; none for any other. */
export function issuesOf(decision: Decision<unknown>): InputIssue[] {
  return !decision.ok && decision.refusal.type === "ValidationFailed" ? decision.refusal.issues : [];
}
