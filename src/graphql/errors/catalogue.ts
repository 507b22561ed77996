/**
 * The error catalogue: one GraphQL type per failure, each implementing ErrorResult. The code
 * and message each carries per operation come from src/domain/error-codes.ts; the README's
 * "Error catalogue" lists them all.
 */
import { Field, Int, ObjectType, type ClassType } from "type-graphql";
import { codeFor, messageFor, type Operation } from "../../domain/error-codes";
import type { Refusal, RefusalType } from "../../domain/refusals";
import { UUID } from "../scalars";
import { ExternalParamEntity } from "../types/enums";
import { SubscriberIdentifier } from "../types/subscriber.type";
import { ErrorResult } from "./error-result";

@ObjectType({ description: "One problem with the input." })
export class InputIssue {
  @Field({ description: 'Where in the input, e.g. "input.items[2].subscriber.value".' })
  path!: string;

  @Field({ description: "What is wrong there." })
  message!: string;
}

@ObjectType({ implements: ErrorResult, description: "The input is malformed; nothing was changed. Code VALIDATION_FAILED." })
export class ValidationFailed extends ErrorResult {
  @Field(() => [InputIssue], { description: "Each offending input path with what is wrong there." })
  issues!: InputIssue[];
}

@ObjectType({ implements: ErrorResult, description: "An unexpected fault; nothing was changed. Safe to try again. Code GLOBAL_1001." })
export class ServiceUnavailable extends ErrorResult {}

@ObjectType({ implements: ErrorResult, description: "No customer with this id is visible to you. Code CUSTOMER_1002." })
export class CustomerNotFound extends ErrorResult {
  @Field(() => UUID, { description: "The id that was given." })
  customerId!: string;
}

@ObjectType({
  implements: ErrorResult,
  description:
    "The customer is one of your descendants, but this operation only takes your own id. Code CUSTOMER_1002 in createPackage, CUSTOMER_1019 in externalParamsConfig.",
})
export class CustomerNotRequester extends ErrorResult {
  @Field(() => UUID, { description: "The id that was given." })
  customerId!: string;
}

@ObjectType({ implements: ErrorResult, description: "Self-service for your parent's plans is not allowed: your parent has not set allowOfferDelegation on you. Code SUBSCRIBER_1027." })
export class ParentPlanNotAllowed extends ErrorResult {}

@ObjectType({
  implements: ErrorResult,
  description:
    "Self-service replacement refused: your parent has not allowed offer delegation, has allocated no package to you, or has not made you eligible for the new package. Code AUTH_1021.",
})
export class SelfServiceNotEligible extends ErrorResult {}

@ObjectType({ implements: ErrorResult, description: "Another of your packages already has this name (compared trimmed, case-insensitively). Code VALIDATION_FAILED." })
export class PackageNameTaken extends ErrorResult {
  @Field({ description: "The name that was given, trimmed." })
  name!: string;

  @Field(() => UUID, { description: "The package that has it." })
  packageId!: string;
}

@ObjectType({ implements: ErrorResult, description: "Some nested offers are not your own offers (or do not exist). Code VALIDATION_FAILED." })
export class OffersNotOwned extends ErrorResult {
  @Field(() => [UUID], { description: "The offending offer ids, in input order." })
  offerIds!: string[];
}

@ObjectType({ implements: ErrorResult, description: "Pool plans are made for one sub-account and cannot be bundled in a package. Code VALIDATION_FAILED." })
export class PoolOffersNotAllowedInPackage extends ErrorResult {
  @Field(() => [UUID], { description: "The pool plans that were given." })
  offerIds!: string[];
}

@ObjectType({ implements: ErrorResult, description: "Some eligible ids are not your direct sub-accounts (you yourself never are). Code VALIDATION_FAILED." })
export class NotDirectSubAccounts extends ErrorResult {
  @Field(() => [UUID], { description: "The offending customer ids, in input order." })
  customerIds!: string[];
}

@ObjectType({ implements: ErrorResult, description: "No subscriber visible to you has this identifier. Code: SUBSCRIBER_1010 in attachOffer, SUBSCRIBER_1060 in package changes." })
export class SubscriberNotFound extends ErrorResult {
  @Field(() => SubscriberIdentifier, { description: "The identifier that was given (normalized)." })
  identifier!: SubscriberIdentifier;
}

@ObjectType({ implements: ErrorResult, description: "The subscriber is yours or a deeper descendant's, not one of a direct sub-account's: use the self-service flag for your own. Code: SUBSCRIBER_1010 for offers, SUBSCRIBER_1060 for packages." })
export class SubscriberNotInSubAccount extends ErrorResult {
  @Field(() => UUID, { description: "The subscriber." })
  subscriberId!: string;
}

@ObjectType({ implements: ErrorResult, description: "Self-service applies to your own subscribers only; this one belongs to a descendant. Code: SUBSCRIBER_1010 for offers, SUBSCRIBER_1060 for packages." })
export class SubscriberNotOwn extends ErrorResult {
  @Field(() => UUID, { description: "The subscriber." })
  subscriberId!: string;
}

@ObjectType({ implements: ErrorResult, description: "No offer visible to you has this id. Code SUBSCRIBER_1010." })
export class OfferNotFound extends ErrorResult {
  @Field(() => UUID, { description: "The id that was given." })
  offerId!: string;
}

@ObjectType({ implements: ErrorResult, description: "With myOffer false the offer must be your own (a Sell plan). Code SUBSCRIBER_1010." })
export class OfferNotSellPlan extends ErrorResult {
  @Field(() => UUID, { description: "The offer." })
  offerId!: string;
}

@ObjectType({ implements: ErrorResult, description: "With myOffer true the offer must be one of your parent's plans offered to you (a Buy plan). Code SUBSCRIBER_1010." })
export class OfferNotBuyPlan extends ErrorResult {
  @Field(() => UUID, { description: "The offer." })
  offerId!: string;
}

@ObjectType({ implements: ErrorResult, description: "The pool plan was made for another sub-account than the subscriber's. Code SUBSCRIBER_1010." })
export class PoolPlanNotForSubAccount extends ErrorResult {
  @Field(() => UUID, { description: "The pool plan." })
  offerId!: string;

  @Field(() => UUID, { description: "The subscriber." })
  subscriberId!: string;
}

@ObjectType({ implements: ErrorResult, description: "The subscriber already has an instance of this pool plan. Code SUBSCRIBER_1010." })
export class PoolPlanAlreadyAttached extends ErrorResult {
  @Field(() => UUID, { description: "The pool plan." })
  offerId!: string;

  @Field(() => UUID, { description: "The instance already attached." })
  subscriberOfferId!: string;
}

@ObjectType({
  implements: ErrorResult,
  description:
    "A pool plan is attached and detached only by its owner, never through self-service (myOffer true), even by the sub-account it was made for. Code SUBSCRIBER_1010.",
})
export class PoolPlanNotSelfService extends ErrorResult {
  @Field(() => UUID, { description: "The pool plan." })
  offerId!: string;
}

@ObjectType({ implements: ErrorResult, description: "Another offer on the subscriber already has this priority. Code SUBSCRIBER_1010." })
export class PriorityInUse extends ErrorResult {
  @Field(() => Int, { description: "The priority that was given." })
  priority!: number;

  @Field(() => UUID, { description: "The offer instance that holds it." })
  subscriberOfferId!: string;
}

@ObjectType({ implements: ErrorResult, description: "No package you can reach has this id. Code: SUBSCRIBER_1060 in subscriber package changes, VALIDATION_FAILED in package edits." })
export class PackageNotFound extends ErrorResult {
  @Field(() => UUID, { description: "The id that was given." })
  packageId!: string;
}

@ObjectType({ implements: ErrorResult, description: "The package must be your own (a Sell package). Code: SUBSCRIBER_1060 in subscriber package changes, VALIDATION_FAILED in package edits." })
export class PackageNotSellPackage extends ErrorResult {
  @Field(() => UUID, { description: "The package." })
  packageId!: string;
}

@ObjectType({ implements: ErrorResult, description: "With myPackage true the package must be your parent's (a Buy package). Code SUBSCRIBER_1060." })
export class PackageNotBuyPackage extends ErrorResult {
  @Field(() => UUID, { description: "The package." })
  packageId!: string;
}

@ObjectType({ implements: ErrorResult, description: "The subscriber's attached package is not the one named (or none is attached). Code SUBSCRIBER_1060." })
export class CurrentPackageMismatch extends ErrorResult {
  @Field(() => UUID, { description: "The currentPackageId that was given." })
  currentPackageId!: string;

  @Field(() => UUID, { nullable: true, description: "The package actually attached, or null when none is." })
  attachedPackageId!: string | null;
}

@ObjectType({ implements: ErrorResult, description: "The subscriber's customer is not eligible for the new package. Code SUBSCRIBER_1060." })
export class SubAccountNotEligible extends ErrorResult {
  @Field(() => UUID, { description: "The new package." })
  packageId!: string;

  @Field(() => UUID, { description: "The sub-account that is not eligible." })
  customerId!: string;
}

@ObjectType({ implements: ErrorResult, description: "The entity does not exist or is not one you own (see externalParamsConfig). Code: CUSTOMER_1019 in externalParamsConfig, VALIDATION_FAILED when setting values." })
export class EntityNotFound extends ErrorResult {
  @Field(() => ExternalParamEntity, { description: "The entity kind that was given." })
  entity!: ExternalParamEntity;

  @Field(() => UUID, { description: "The entity id that was given." })
  entityId!: string;
}

@ObjectType({ implements: ErrorResult, description: "This idempotency key was already used with a different input or mutation; nothing was changed. Code VALIDATION_FAILED." })
export class IdempotencyKeyReused extends ErrorResult {
  @Field({ description: "The key that was given." })
  idempotencyKey!: string;
}

@ObjectType({ implements: ErrorResult, description: "The subscriber already has a package: replace it with bulkReplacePackage. Code SUBSCRIBER_1060." })
export class PackageAlreadyAttached extends ErrorResult {
  @Field(() => UUID, { description: "The package attached now." })
  attachedPackageId!: string;
}

@ObjectType({ implements: ErrorResult, description: "The package is attached to subscribers: its offers cannot change and it cannot be deleted. Code VALIDATION_FAILED." })
export class PackageInUse extends ErrorResult {
  @Field(() => UUID, { description: "The package." })
  packageId!: string;

  @Field(() => Int, { description: "How many subscribers have it attached." })
  subscriberCount!: number;
}

@ObjectType({ implements: ErrorResult, description: "The customer is visible to you but is not one of your direct sub-accounts (only a parent may do this). Code VALIDATION_FAILED." })
export class CustomerNotDirectSubAccount extends ErrorResult {
  @Field(() => UUID, { description: "The id that was given." })
  customerId!: string;
}

@ObjectType({ implements: ErrorResult, description: "A pool plan is made for one of your direct sub-accounts; this id is not one. Code VALIDATION_FAILED." })
export class PoolCustomerNotSubAccount extends ErrorResult {
  @Field(() => UUID, { description: "The poolCustomerId that was given." })
  customerId!: string;
}

@ObjectType({ implements: ErrorResult, description: "Another subscriber already has this identifier (identifiers are unique across the platform). Code VALIDATION_FAILED." })
export class SubscriberIdentifierTaken extends ErrorResult {
  @Field(() => SubscriberIdentifier, { description: "The identifier that is taken (normalized)." })
  identifier!: SubscriberIdentifier;
}

@ObjectType({ implements: ErrorResult, description: "No offer instance on a subscriber you can see has this id. Code SUBSCRIBER_1010." })
export class SubscriberOfferNotFound extends ErrorResult {
  @Field(() => UUID, { description: "The id that was given." })
  subscriberOfferId!: string;
}

@ObjectType({ implements: ErrorResult, description: "The offer instance came with a package: detach the package instead. Code SUBSCRIBER_1010." })
export class OfferCameWithPackage extends ErrorResult {
  @Field(() => UUID, { description: "The offer instance." })
  subscriberOfferId!: string;

  @Field(() => UUID, { description: "The package it came with." })
  packageId!: string;
}

@ObjectType({ implements: ErrorResult, description: "No external parameter config of yours has this id. Code VALIDATION_FAILED." })
export class ExternalParamConfigNotFound extends ErrorResult {
  @Field(() => UUID, { description: "The id that was given." })
  configId!: string;
}

@ObjectType({ implements: ErrorResult, description: "You already have a config with this name for this entity type. Code VALIDATION_FAILED." })
export class ExternalParamNameTaken extends ErrorResult {
  @Field({ description: "The name that was given." })
  name!: string;

  @Field(() => UUID, { description: "The config that has it." })
  configId!: string;
}

@ObjectType({ implements: ErrorResult, description: "The parameter has isSearchable false: it cannot be a search key. Code VALIDATION_FAILED." })
export class ExternalParamNotSearchable extends ErrorResult {
  @Field(() => UUID, { description: "The config." })
  configId!: string;
}

@ObjectType({ implements: ErrorResult, description: "Subscribers are searched by a parameter of entity type SUBSCRIBER; this one is for another entity type. Code VALIDATION_FAILED." })
export class ExternalParamNotForSubscribers extends ErrorResult {
  @Field(() => UUID, { description: "The config." })
  configId!: string;
}

@ObjectType({ implements: ErrorResult, description: "No API key of yours or of a direct sub-account has this id. Code VALIDATION_FAILED." })
export class ApiKeyNotFound extends ErrorResult {
  @Field(() => UUID, { description: "The id that was given." })
  apiKeyId!: string;
}

/** Every refusal has its GraphQL type (the compiler checks this map is complete). */
const ERROR_TYPES: Record<RefusalType, ClassType<ErrorResult>> = {
  ValidationFailed,
  ServiceUnavailable,
  CustomerNotFound,
  CustomerNotRequester,
  ParentPlanNotAllowed,
  SelfServiceNotEligible,
  PackageNameTaken,
  OffersNotOwned,
  PoolOffersNotAllowedInPackage,
  NotDirectSubAccounts,
  SubscriberNotFound,
  SubscriberNotInSubAccount,
  SubscriberNotOwn,
  OfferNotFound,
  OfferNotSellPlan,
  OfferNotBuyPlan,
  PoolPlanNotForSubAccount,
  PoolPlanAlreadyAttached,
  PriorityInUse,
  PoolPlanNotSelfService,
  PackageNotFound,
  PackageNotSellPackage,
  PackageNotBuyPackage,
  CurrentPackageMismatch,
  SubAccountNotEligible,
  EntityNotFound,
  IdempotencyKeyReused,
  PackageAlreadyAttached,
  PackageInUse,
  CustomerNotDirectSubAccount,
  PoolCustomerNotSubAccount,
  SubscriberIdentifierTaken,
  SubscriberOfferNotFound,
  OfferCameWithPackage,
  ExternalParamConfigNotFound,
  ExternalParamNameTaken,
  ExternalParamNotSearchable,
  ExternalParamNotForSubscribers,
  ApiKeyNotFound,
};

/** The error type instance for a refusal, with the code it carries in this operation. */
export function toErrorResult(operation: Operation, refusal: Refusal): ErrorResult {
  const { type, ...fields } = refusal;
  const code = codeFor(operation, type);
  return Object.assign(new ERROR_TYPES[type](), fields, { code, message: messageFor(code, type) });
}
