/** Success types and the result union of each subscribers operation (SPEC section 5). */
import { Field, Int, ObjectType } from "type-graphql";
import { itemErrorUnion, resultUnion } from "../errors/catalogue";
import { REQUEST_ID } from "../result";
import { UUID } from "../scalars";
import { Subscriber, SubscriberIdentifier, SubscriberOffer } from "./subscriber.type";

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

export const CreateSubscriberItemError = itemErrorUnion("createSubscribers", "CreateSubscriberItemError", "Why one subscriber was not created.");

@ObjectType({ description: "The outcome of one item, in input order." })
export class CreateSubscriberItemResult {
  @Field(() => Int, { description: "The item's position in the input (0-based)." })
  index!: number;

  @Field(() => UUID, { nullable: true, description: "The request that recorded the creation; null when the item failed." })
  requestId!: string | null;

  @Field(() => UUID, { description: "The customerId as given." })
  customerId!: string;

  @Field(() => Subscriber, { nullable: true, description: "The new subscriber; null when the item failed." })
  subscriber!: Subscriber | null;

  @Field(() => CreateSubscriberItemError, { nullable: true, description: "Null on success, else why the item failed." })
  error!: unknown;
}

@ObjectType({ description: "Every item was tried; each result says how it went." })
export class CreateSubscribersSuccess {
  @Field(() => [CreateSubscriberItemResult], { description: "One result per item, in input order." })
  results!: CreateSubscriberItemResult[];

  @Field(() => Int, { description: "How many subscribers were created." })
  succeededCount!: number;

  @Field(() => Int, { description: "How many items failed." })
  failedCount!: number;
}

export const CreateSubscribersResult = resultUnion("createSubscribers", "CreateSubscribersResult", "Per-item results, or why the whole call was refused (then nothing was changed).", () => [CreateSubscribersSuccess]);

@ObjectType({ description: "The package and its offers were attached." })
export class AttachPackageSuccess {
  @Field(() => UUID, REQUEST_ID)
  requestId!: string;

  @Field(() => Subscriber, { description: "The subscriber with its package." })
  subscriber!: Subscriber;
}

export const AttachPackageResult = resultUnion("attachPackage", "AttachPackageResult", "The subscriber with its package, or why not.", () => [AttachPackageSuccess]);

@ObjectType({ description: "The package and its offers were detached." })
export class DetachPackageSuccess {
  @Field(() => UUID, REQUEST_ID)
  requestId!: string;

  @Field(() => Subscriber, { description: "The subscriber, now without a package." })
  subscriber!: Subscriber;
}

export const DetachPackageResult = resultUnion("detachPackage", "DetachPackageResult", "The subscriber without its package, or why not.", () => [DetachPackageSuccess]);

@ObjectType({ description: "The offer instance was detached." })
export class DetachOfferSuccess {
  @Field(() => UUID, REQUEST_ID)
  requestId!: string;

  @Field(() => UUID, { description: "The detached instance's id." })
  subscriberOfferId!: string;

  @Field(() => Subscriber, { description: "The subscriber it was on." })
  subscriber!: Subscriber;
}

export const DetachOfferResult = resultUnion("detachOffer", "DetachOfferResult", "The detached instance, or why not.", () => [DetachOfferSuccess]);
