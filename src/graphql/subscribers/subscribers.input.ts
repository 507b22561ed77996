import { Field, InputType, Int } from "type-graphql";
import { UUID } from "../scalars";
import { SubscriberIdentifierType } from "./subscriber.type";

@InputType({ description: "Finds a subscriber by one of its identifiers." })
export class SubscriberIdentifierInput {
  @Field(() => SubscriberIdentifierType, { description: "Which identifier the value is." })
  type!: SubscriberIdentifierType;

  @Field({ description: "The identifier's value, checked against the type's format." })
  value!: string;
}

@InputType({ description: "One offer onto one subscriber." })
export class AttachOfferInput {
  @Field(() => SubscriberIdentifierInput, { description: "The subscriber." })
  subscriber!: SubscriberIdentifierInput;

  @Field(() => UUID, { description: "The offer (plan) to attach." })
  offerId!: string;

  @Field(() => Int, {
    nullable: true,
    description: "0 to 1000000; higher wins. Must not equal the priority of another offer on the subscriber.",
  })
  priority?: number | null;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description:
      "false: attach your own plan to a sub-account's subscriber. true: attach your parent's plan to your own subscriber (needs allowOfferDelegation).",
  })
  myOffer?: boolean | null;
}

@InputType({ description: "One subscriber's package replacement." })
export class BulkReplacePackageItemInput {
  @Field(() => SubscriberIdentifierInput, { description: "The subscriber." })
  subscriber!: SubscriberIdentifierInput;

  @Field(() => UUID, { description: "The package attached now; the item fails if another is." })
  currentPackageId!: string;

  @Field(() => UUID, { description: "The package to attach instead (may be the same one: it is re-attached)." })
  newPackageId!: string;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description:
      "false: your own packages on a sub-account's subscriber. true: your parent's packages on your own subscriber (self-service).",
  })
  myPackage?: boolean | null;
}

@InputType({ description: "The items of a bulk package replacement, applied in order." })
export class BulkReplacePackageInput {
  @Field(() => [BulkReplacePackageItemInput], {
    description: "1 to the configured limit (10,000 by default) items.",
  })
  items!: BulkReplacePackageItemInput[];
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
