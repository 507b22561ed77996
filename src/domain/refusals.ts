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

/**
 * One refusal as plain data: its kind's name and the fields the catalogue declares for it.
 * K narrows it to some kinds, so that what a function can refuse shows in its type.
 */
export type Refusal<K extends RefusalType = RefusalType> = { [P in K]: { type: P } & FieldsOf<(typeof REFUSAL_KINDS)[P]["fields"]> }[K];

/**
 * A refused decision. Declared covariant: TypeScript cannot see on its own that a refusal of
 * the kinds K is one of the kinds K | L while K is generic (the mutation runner adds kinds).
 */
export interface Refused<out K extends RefusalType> {
  ok: false;
  refusal: Refusal<K>;
}

/** An accepted value, or a refusal of one of the kinds K (any kind unless narrowed). */
export type Decision<T, K extends RefusalType = RefusalType> = { ok: true; value: T } | Refused<K>;

/**
 * The refusal kinds a decision may carry. A rule leaves its return type to the compiler, so that
 * its type names exactly the kinds it refuses (src/app/refusal-unions.ts checks the unions by them).
 */
export type RefusalKindsOf<D> = D extends { ok: false; refusal: { type: infer K extends RefusalType } } ? K : never;

/** What an input reader answers: the value read, or ValidationFailed naming each issue. */
export type Reading<T> = Decision<T, "ValidationFailed">;

export const accept = <T>(value: T): Decision<T, never> => ({ ok: true, value });
/**
 * A refused decision of the refusal's own kind. NoInfer: the kind is never taken from where the
 * decision is returned, where an expected Decision<T, K> still being inferred would widen it.
 */
export const refuse = <K extends RefusalType>(refusal: Refusal<K>): Decision<never, NoInfer<K>> => ({ ok: false, refusal });

export const invalid = (issues: InputIssue[]): Refusal<"ValidationFailed"> => ({ type: "ValidationFailed", issues });

/** The input issues of a ValidationFailed decision; none for any other. */
export function issuesOf(decision: Decision<unknown>): InputIssue[] {
  return !decision.ok && decision.refusal.type === "ValidationFailed" ? decision.refusal.issues : [];
}
