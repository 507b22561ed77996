/**
 * Everything an operation can refuse, as plain data. The domain returns these; the GraphQL
 * layer turns each into the error type of the same name (src/graphql/errors/catalogue.ts).
 * Every field is JSON, so that an idempotent retry can replay a refusal exactly.
 */
import type { SubscriberIdentifier } from "./identifiers";

export interface InputIssue {
  /** Where in the input, e.g. "input.items[2].subscriber.value". */
  path: string;
  message: string;
}

export type Refusal =
  | { type: "ValidationFailed"; issues: InputIssue[] }
  | { type: "CustomerNotFound"; customerId: string }
  | { type: "CustomerNotRequester"; customerId: string }
  | { type: "PackageNameTaken"; name: string; packageId: string }
  | { type: "OffersNotOwned"; offerIds: string[] }
  | { type: "PoolOffersNotAllowedInPackage"; offerIds: string[] }
  | { type: "NotDirectSubAccounts"; customerIds: string[] }
  | { type: "SubscriberNotFound"; identifier: SubscriberIdentifier }
  | { type: "SubscriberNotInSubAccount"; subscriberId: string }
  | { type: "SubscriberNotOwn"; subscriberId: string }
  | { type: "OfferNotFound"; offerId: string }
  | { type: "OfferNotSellPlan"; offerId: string }
  | { type: "OfferNotBuyPlan"; offerId: string }
  | { type: "PoolPlanNotForSubAccount"; offerId: string; subscriberId: string }
  | { type: "PoolPlanAlreadyAttached"; offerId: string; subscriberOfferId: string }
  | { type: "PriorityInUse"; priority: number; subscriberOfferId: string }
  | { type: "PoolPlanNotSelfService"; offerId: string }
  | { type: "ParentPlanNotAllowed" }
  | { type: "PackageNotFound"; packageId: string }
  | { type: "PackageNotSellPackage"; packageId: string }
  | { type: "PackageNotBuyPackage"; packageId: string }
  | { type: "CurrentPackageMismatch"; currentPackageId: string; attachedPackageId: string | null }
  | { type: "SubAccountNotEligible"; packageId: string; customerId: string }
  | { type: "SelfServiceNotEligible" }
  | { type: "EntityNotFound"; entity: string; entityId: string }
  | { type: "PackageAlreadyAttached"; attachedPackageId: string }
  | { type: "PackageInUse"; packageId: string; subscriberCount: number }
  | { type: "CustomerNotDirectSubAccount"; customerId: string }
  | { type: "PoolCustomerNotSubAccount"; customerId: string }
  | { type: "SubscriberIdentifierTaken"; identifier: SubscriberIdentifier }
  | { type: "SubscriberOfferNotFound"; subscriberOfferId: string }
  | { type: "OfferCameWithPackage"; subscriberOfferId: string; packageId: string }
  | { type: "ExternalParamConfigNotFound"; configId: string }
  | { type: "ExternalParamNameTaken"; name: string; configId: string }
  | { type: "ExternalParamNotSearchable"; configId: string }
  | { type: "ExternalParamNotForSubscribers"; configId: string }
  | { type: "ApiKeyNotFound"; apiKeyId: string }
  | { type: "IdempotencyKeyReused"; idempotencyKey: string }
  | { type: "ServiceUnavailable" };

export type RefusalType = Refusal["type"];

export type Decision<T> = { ok: true; value: T } | { ok: false; refusal: Refusal };

export const accept = <T>(value: T): Decision<T> => ({ ok: true, value });
export const refuse = <T = never>(refusal: Refusal): Decision<T> => ({ ok: false, refusal });

export const invalid = (issues: InputIssue[]): Refusal => ({ type: "ValidationFailed", issues });

/** The input issues of a ValidationFailed decision; none for any other. */
export function issuesOf(decision: Decision<unknown>): InputIssue[] {
  return !decision.ok && decision.refusal.type === "ValidationFailed" ? decision.refusal.issues : [];
}
