import { Field, InputType, Int } from "type-graphql";
import { UUID } from "../scalars";
import { SubscriberIdentifierType } from "./enums";

@InputType({ description: "Finds a subscriber by one of its identifiers." })
export class SubscriberIdentifierInput {
  @Field(() => SubscriberIdentifierType, { description: "Which identifier the value is." })
  type!: SubscriberIdentifierType;

  @Field({ description: "The identifier's value, checked against the type's format." })
  value!: string;
}

@InputType({ description: "Which direct sub-accounts may use a package: exactly one of { all: true } or { ids: [...] }." })
export class EligibleSubAccountsInput {
  @Field(() => Boolean, { nullable: true, description: "true: every sub-account, present and future." })
  all?: boolean | null;

  @Field(() => [UUID], { nullable: true, description: "These direct sub-accounts only; [] for none." })
  ids?: string[] | null;
}

@InputType({ description: "A new package for your sub-accounts." })
export class CreatePackageInput {
  @Field({ description: "Unique among your packages (trimmed, case-insensitive); 1 to 100 characters." })
  name!: string;

  @Field(() => String, { nullable: true, description: "Up to 1000 characters." })
  description?: string | null;

  @Field(() => [UUID], { description: "Your own regular offers, highest priority first; 1 to 50, no repeats." })
  nestedOfferIds!: string[];

  @Field(() => EligibleSubAccountsInput, { description: "Which of your direct sub-accounts may use it." })
  eligibleSubAccounts!: EligibleSubAccountsInput;
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
