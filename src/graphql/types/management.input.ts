/** Inputs of the mutations that run the platform without world files. */
import { Field, InputType } from "type-graphql";
import { UUID } from "../scalars";
import { ExternalParamEntityType, OfferKind } from "./enums";
import { EligibleSubAccountsInput, SubscriberIdentifierInput } from "./inputs";

@InputType({ description: "A new direct sub-customer of yours." })
export class CreateSubCustomerInput {
  @Field({ description: "Its name: 1 to 200 characters." })
  name!: string;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: "Let it self-serve your plans and packages for its own subscribers." })
  allowOfferDelegation?: boolean | null;
}

@InputType({ description: "A new name for yourself or a descendant." })
export class RenameCustomerInput {
  @Field(() => UUID, { description: "Yourself or a descendant." })
  customerId!: string;

  @Field({ description: "The new name: 1 to 200 characters." })
  name!: string;
}

@InputType({ description: "Sets or clears allowOfferDelegation on one of your direct sub-customers." })
export class SetOfferDelegationInput {
  @Field(() => UUID, { description: "A direct sub-customer of yours." })
  customerId!: string;

  @Field({ description: "true: it may self-serve your plans and packages for its own subscribers." })
  allowOfferDelegation!: boolean;
}

@InputType({ description: "A new offer (plan) of yours." })
export class CreateOfferInput {
  @Field({ description: "Its name: 1 to 200 characters." })
  name!: string;

  @Field(() => OfferKind, { description: "REGULAR, or POOL for one sub-account." })
  kind!: OfferKind;

  @Field(() => UUID, { nullable: true, description: "For a POOL offer: the direct sub-account it is made for. Omit for REGULAR." })
  poolCustomerId?: string | null;
}

@InputType({ description: "Changes to one of your packages: only the fields given change." })
export class UpdatePackageInput {
  @Field(() => UUID, { description: "Your package." })
  packageId!: string;

  @Field(() => String, { nullable: true, description: "A new name (unique among your packages)." })
  name?: string | null;

  @Field(() => String, { nullable: true, description: "A new description; \"\" clears it." })
  description?: string | null;

  @Field(() => [UUID], { nullable: true, description: "New nested offers, highest priority first; not while the package is attached to subscribers." })
  nestedOfferIds?: string[] | null;

  @Field(() => EligibleSubAccountsInput, { nullable: true, description: "New eligibility. Subscribers that have the package keep it." })
  eligibleSubAccounts?: EligibleSubAccountsInput | null;
}

@InputType({ description: "One of your packages to delete." })
export class DeletePackageInput {
  @Field(() => UUID, { description: "Your package; it must not be attached to any subscriber." })
  packageId!: string;
}

@InputType({ description: "A new subscriber (SIM): at least one identifier." })
export class NewSubscriberInput {
  @Field(() => UUID, { description: "Yourself or one of your direct sub-accounts." })
  customerId!: string;

  @Field(() => String, { nullable: true, description: "IMSI: 6 to 15 digits." })
  imsi?: string | null;

  @Field(() => String, { nullable: true, description: "ICCID: 18 to 22 digits." })
  iccid?: string | null;

  @Field(() => String, { nullable: true, description: "MSISDN: 5 to 15 digits, an optional leading +." })
  msisdn?: string | null;

  @Field(() => String, { nullable: true, description: "IMEI: 14 digits, or 15 with a Luhn check digit." })
  imei?: string | null;

  @Field(() => String, { nullable: true, description: "IMEISV: 16 digits." })
  imeisv?: string | null;
}

@InputType({ description: "Subscribers to create, in order." })
export class CreateSubscribersInput {
  @Field(() => [NewSubscriberInput], { description: "1 to the configured limit (10,000 by default) items." })
  items!: NewSubscriberInput[];
}

@InputType({ description: "A package onto or off one subscriber (bulkReplacePackage's rules)." })
export class SubscriberPackageInput {
  @Field(() => SubscriberIdentifierInput, { description: "The subscriber." })
  subscriber!: SubscriberIdentifierInput;

  @Field(() => UUID, { description: "The package to attach, or the attached package to detach." })
  packageId!: string;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description: "false: your own package on a sub-account's subscriber. true: your parent's package on your own subscriber (self-service).",
  })
  myPackage?: boolean | null;
}

@InputType({ description: "One offer instance to detach." })
export class DetachOfferInput {
  @Field(() => UUID, { description: "The instance (subscriberOfferId)." })
  subscriberOfferId!: string;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description: "false: your own plan on a sub-account's subscriber. true: your parent's plan on your own subscriber.",
  })
  myOffer?: boolean | null;
}

@InputType({ description: "A new external parameter config of yours." })
export class CreateExternalParamConfigInput {
  @Field({ description: "Its name, unique among your configs of the entity type: a letter, then letters, digits, _ . -" })
  name!: string;

  @Field(() => String, { nullable: true, description: "The name to show to a user." })
  displayName?: string | null;

  @Field(() => String, { nullable: true, description: "What it means." })
  description?: string | null;

  @Field(() => ExternalParamEntityType, { description: "The kind of entity it applies to." })
  entityType!: ExternalParamEntityType;

  @Field({ description: "Whether subscribers can be searched by its value (SUBSCRIBER configs)." })
  isSearchable!: boolean;
}

@InputType({ description: "A value of one of your configs on an entity you own." })
export class SetExternalParamValueInput {
  @Field(() => UUID, { description: "Your config." })
  configId!: string;

  @Field(() => UUID, { description: "The entity, of the config's type, that you own (see externalParamsConfig)." })
  entityId!: string;

  @Field({ description: "The value: 1 to 1000 characters." })
  value!: string;
}

@InputType({ description: "Removes a value of one of your configs from an entity you own." })
export class ClearExternalParamValueInput {
  @Field(() => UUID, { description: "Your config." })
  configId!: string;

  @Field(() => UUID, { description: "The entity." })
  entityId!: string;
}

@InputType({ description: "A new API key for yourself or one of your direct sub-accounts." })
export class CreateApiKeyInput {
  @Field(() => String, { nullable: true, description: "A label to recognise it by: up to 100 characters." })
  label?: string | null;

  @Field(() => UUID, {
    nullable: true,
    description: "Whose key: yourself when omitted, or a direct sub-account (e.g. one you just created, to hand it its first key).",
  })
  customerId?: string | null;
}

@InputType({ description: "An API key of yours or of a direct sub-account to revoke." })
export class RevokeApiKeyInput {
  @Field(() => UUID, { description: "The key's id (ApiKey.id)." })
  apiKeyId!: string;
}
