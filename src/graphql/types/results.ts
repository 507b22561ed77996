/** Success types and the result union of each operation (SPEC section 5). */
import { createUnionType, Field, Int, ObjectType } from "type-graphql";
import * as E from "../errors/catalogue";
import { UUID } from "../scalars";
import { ExternalParamConfigConnection, PackageConnection } from "./connections";
import { Package } from "./package.type";
import { SubscriberIdentifier, SubscriberOffer } from "./subscriber.type";

export const MyPackagesResult = createUnionType({
  name: "MyPackagesResult",
  description: "The packages asked for, or why not.",
  types: () => [PackageConnection, E.CustomerNotFound, E.ValidationFailed, E.ServiceUnavailable] as const,
});

export const ExternalParamsConfigResult = createUnionType({
  name: "ExternalParamsConfigResult",
  description: "The configs with the entity's values, or why not.",
  types: () =>
    [
      ExternalParamConfigConnection,
      E.CustomerNotFound,
      E.CustomerNotRequester,
      E.EntityNotFound,
      E.ValidationFailed,
      E.ServiceUnavailable,
    ] as const,
});

@ObjectType({ description: "The package was created." })
export class CreatePackageSuccess {
  @Field(() => UUID, { description: "The request that recorded the creation." })
  requestId!: string;

  @Field(() => Package, { description: "The new package." })
  package!: Package;
}

export const CreatePackageResult = createUnionType({
  name: "CreatePackageResult",
  description: "The new package, or why it was not created.",
  types: () =>
    [
      CreatePackageSuccess,
      E.ValidationFailed,
      E.CustomerNotFound,
      E.CustomerNotRequester,
      E.PackageNameTaken,
      E.OffersNotOwned,
      E.PoolOffersNotAllowedInPackage,
      E.NotDirectSubAccounts,
      E.IdempotencyKeyReused,
      E.ServiceUnavailable,
    ] as const,
});

@ObjectType({ description: "The offer was attached." })
export class AttachOfferSuccess {
  @Field(() => UUID, { description: "The request that recorded the attachment." })
  requestId!: string;

  @Field(() => SubscriberOffer, { description: "The new offer instance; its id is the platform's subscriberOfferId." })
  subscriberOffer!: SubscriberOffer;
}

export const AttachOfferResult = createUnionType({
  name: "AttachOfferResult",
  description: "The attached offer instance, or why it was not attached.",
  types: () =>
    [
      AttachOfferSuccess,
      E.ValidationFailed,
      E.ParentPlanNotAllowed,
      E.SubscriberNotFound,
      E.SubscriberNotInSubAccount,
      E.SubscriberNotOwn,
      E.OfferNotFound,
      E.OfferNotSellPlan,
      E.OfferNotBuyPlan,
      E.PoolPlanNotForSubAccount,
      E.PoolPlanAlreadyAttached,
      E.PoolPlanNotSelfService,
      E.PriorityInUse,
      E.IdempotencyKeyReused,
      E.ServiceUnavailable,
    ] as const,
});

export const BulkReplacePackageItemError = createUnionType({
  name: "BulkReplacePackageItemError",
  description: "Why one item was not applied (that subscriber was left as it was).",
  types: () =>
    [
      E.ValidationFailed,
      E.SelfServiceNotEligible,
      E.SubscriberNotFound,
      E.SubscriberNotInSubAccount,
      E.SubscriberNotOwn,
      E.CurrentPackageMismatch,
      E.PackageNotFound,
      E.PackageNotSellPackage,
      E.PackageNotBuyPackage,
      E.SubAccountNotEligible,
      E.ServiceUnavailable,
    ] as const,
});

@ObjectType({ description: "The outcome of one item, in input order." })
export class BulkReplacePackageItemResult {
  @Field(() => Int, { description: "The item's position in the input (0-based)." })
  index!: number;

  @Field(() => UUID, { nullable: true, description: "The request that recorded the replacement; null when the item failed." })
  requestId!: string | null;

  @Field(() => SubscriberIdentifier, { description: "The subscriber identifier as given." })
  subscriber!: SubscriberIdentifier;

  @Field(() => UUID, { description: "As given." })
  currentPackageId!: string;

  @Field(() => UUID, { description: "As given." })
  newPackageId!: string;

  @Field({ description: "As given; false when omitted." })
  myPackage!: boolean;

  @Field(() => BulkReplacePackageItemError, { nullable: true, description: "Null on success, else why the item failed." })
  error!: typeof BulkReplacePackageItemError | null;
}

@ObjectType({ description: "Every item was tried; each result says how it went." })
export class BulkReplacePackageSuccess {
  @Field(() => [BulkReplacePackageItemResult], { description: "One result per item, in input order." })
  results!: BulkReplacePackageItemResult[];

  @Field(() => Int, { description: "How many items succeeded." })
  succeededCount!: number;

  @Field(() => Int, { description: "How many items failed." })
  failedCount!: number;
}

export const BulkReplacePackageResult = createUnionType({
  name: "BulkReplacePackageResult",
  description: "Per-item results, or why the whole call was refused (then nothing was changed).",
  types: () => [BulkReplacePackageSuccess, E.ValidationFailed, E.IdempotencyKeyReused, E.ServiceUnavailable] as const,
});
