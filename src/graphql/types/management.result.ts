/** Success types and result unions of the mutations that run the platform. */
import { Field, Int, ObjectType } from "type-graphql";
import { itemErrorUnion, resultUnion } from "../errors/catalogue";
import { UUID } from "../scalars";
import { ApiKey } from "./api-key.type";
import { SubscriberConnection } from "./connections";
import { Customer } from "./customer.type";
import { ExternalParamConfig } from "./external-param.type";
import { Offer } from "./offer.type";
import { Package } from "./package.type";
import { Subscriber } from "./subscriber.type";

const REQUEST_ID = { description: "The request that recorded the change." } as const;

@ObjectType({ description: "The sub-customer was created." })
export class CreateSubCustomerSuccess {
  @Field(() => UUID, REQUEST_ID)
  requestId!: string;

  @Field(() => Customer, { description: "The new sub-customer." })
  customer!: Customer;
}
export const CreateSubCustomerResult = resultUnion("createSubCustomer", "CreateSubCustomerResult", "The new sub-customer, or why not.", () => [CreateSubCustomerSuccess]);

@ObjectType({ description: "The customer was renamed." })
export class RenameCustomerSuccess {
  @Field(() => UUID, REQUEST_ID)
  requestId!: string;

  @Field(() => Customer, { description: "The customer with its new name." })
  customer!: Customer;
}
export const RenameCustomerResult = resultUnion("renameCustomer", "RenameCustomerResult", "The renamed customer, or why not.", () => [RenameCustomerSuccess]);

@ObjectType({ description: "The delegation flag was set." })
export class SetOfferDelegationSuccess {
  @Field(() => UUID, REQUEST_ID)
  requestId!: string;

  @Field(() => Customer, { description: "The sub-customer with its flag." })
  customer!: Customer;
}
export const SetOfferDelegationResult = resultUnion("setOfferDelegation", "SetOfferDelegationResult", "The sub-customer, or why not.", () => [SetOfferDelegationSuccess]);

@ObjectType({ description: "The offer was created." })
export class CreateOfferSuccess {
  @Field(() => UUID, REQUEST_ID)
  requestId!: string;

  @Field(() => Offer, { description: "The new offer." })
  offer!: Offer;
}
export const CreateOfferResult = resultUnion("createOffer", "CreateOfferResult", "The new offer, or why not.", () => [CreateOfferSuccess]);

@ObjectType({ description: "The package was changed." })
export class UpdatePackageSuccess {
  @Field(() => UUID, REQUEST_ID)
  requestId!: string;

  @Field(() => Package, { description: "The package as it is now." })
  package!: Package;
}
export const UpdatePackageResult = resultUnion("updatePackage", "UpdatePackageResult", "The changed package, or why not.", () => [UpdatePackageSuccess]);

@ObjectType({ description: "The package was deleted." })
export class DeletePackageSuccess {
  @Field(() => UUID, REQUEST_ID)
  requestId!: string;

  @Field(() => UUID, { description: "The deleted package's id." })
  packageId!: string;
}
export const DeletePackageResult = resultUnion("deletePackage", "DeletePackageResult", "The deleted package's id, or why not.", () => [DeletePackageSuccess]);

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

@ObjectType({ description: "The config was created." })
export class CreateExternalParamConfigSuccess {
  @Field(() => UUID, REQUEST_ID)
  requestId!: string;

  @Field(() => ExternalParamConfig, { description: "The new config (its value is null)." })
  config!: ExternalParamConfig;
}
export const CreateExternalParamConfigResult = resultUnion("createExternalParamConfig", "CreateExternalParamConfigResult", "The new config, or why not.", () => [CreateExternalParamConfigSuccess]);

@ObjectType({ description: "The value was set." })
export class SetExternalParamValueSuccess {
  @Field(() => UUID, REQUEST_ID)
  requestId!: string;

  @Field(() => ExternalParamConfig, { description: "The config, with the entity's new value." })
  config!: ExternalParamConfig;

  @Field(() => UUID, { description: "The entity." })
  entityId!: string;
}
export const SetExternalParamValueResult = resultUnion("setExternalParamValue", "SetExternalParamValueResult", "The value, or why not.", () => [SetExternalParamValueSuccess]);

@ObjectType({ description: "The value was removed (or there was none)." })
export class ClearExternalParamValueSuccess {
  @Field(() => UUID, REQUEST_ID)
  requestId!: string;

  @Field(() => ExternalParamConfig, { description: "The config (its value is now null)." })
  config!: ExternalParamConfig;

  @Field(() => UUID, { description: "The entity." })
  entityId!: string;

  @Field({ description: "Whether there was a value to remove." })
  cleared!: boolean;
}
export const ClearExternalParamValueResult = resultUnion("clearExternalParamValue", "ClearExternalParamValueResult", "Done, or why not.", () => [ClearExternalParamValueSuccess]);

export const SubscribersByExternalParamResult = resultUnion("subscribersByExternalParam", "SubscribersByExternalParamResult", "The subscribers found, or why the search was refused.", () => [SubscriberConnection]);

@ObjectType({ description: "The key was created. Keep `key` now: it is never shown again." })
export class CreateApiKeySuccess {
  @Field(() => UUID, REQUEST_ID)
  requestId!: string;

  @Field(() => ApiKey, { description: "The key's record." })
  apiKey!: ApiKey;

  @Field(() => String, {
    nullable: true,
    description: "The key itself, to send as `Authorization: Bearer <key>`. Null when this answer is an idempotent replay: the key is shown once.",
  })
  key!: string | null;
}
export const CreateApiKeyResult = resultUnion("createApiKey", "CreateApiKeyResult", "The new key, or why not.", () => [CreateApiKeySuccess]);

@ObjectType({ description: "The key is revoked: requests with it answer 401 from now on." })
export class RevokeApiKeySuccess {
  @Field(() => UUID, REQUEST_ID)
  requestId!: string;

  @Field(() => ApiKey, { description: "The key's record, with revokedAt." })
  apiKey!: ApiKey;
}
export const RevokeApiKeyResult = resultUnion("revokeApiKey", "RevokeApiKeyResult", "The revoked key, or why not.", () => [RevokeApiKeySuccess]);
