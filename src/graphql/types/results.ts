/** Success types and the result union of each operation (SPEC section 5). */
import { Field, Int, ObjectType } from "type-graphql";
import { itemErrorUnion, resultUnion } from "../errors/catalogue";
import { UUID } from "../scalars";
import { ExternalParamConfigConnection, PackageConnection } from "./connections";
import { Package } from "./package.type";
import { SubscriberIdentifier, SubscriberOffer } from "./subscriber.type";

export const MyPackagesResult = resultUnion("myPackages", "MyPackagesResult", "The packages asked for, or why not.", () => [PackageConnection]);

export const ExternalParamsConfigResult = resultUnion("externalParamsConfig", "ExternalParamsConfigResult", "The configs with the entity's values, or why not.", () => [ExternalParamConfigConnection]);

@ObjectType({ description: "The package was created." })
export class CreatePackageSuccess {
  @Field(() => UUID, { description: "The request that recorded the creation." })
  requestId!: string;

  @Field(() => Package, { description: "The new package." })
  package!: Package;
}

export const CreatePackageResult = resultUnion("createPackage", "CreatePackageResult", "The new package, or why it was not created.", () => [CreatePackageSuccess]);

@ObjectType({ description: "The offer was attached." })
export class AttachOfferSuccess {
  @Field(() => UUID, { description: "The request that recorded the attachment." })
  requestId!: string;

  @Field(() => SubscriberOffer, { description: "The new offer instance; its id is the platform's subscriberOfferId." })
  subscriberOffer!: SubscriberOffer;
}

export const AttachOfferResult = resultUnion("attachOffer", "AttachOfferResult", "The attached offer instance, or why it was not attached.", () => [AttachOfferSuccess]);

export const BulkReplacePackageItemError = itemErrorUnion("bulkReplacePackage", "BulkReplacePackageItemError", "Why one item was not applied (that subscriber was left as it was).");

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

export const BulkReplacePackageResult = resultUnion("bulkReplacePackage", "BulkReplacePackageResult", "Per-item results, or why the whole call was refused (then nothing was changed).", () => [BulkReplacePackageSuccess]);
