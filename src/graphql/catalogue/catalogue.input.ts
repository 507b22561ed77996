import { Field, InputType } from "type-graphql";
import { UUID } from "../scalars";
import { OfferKind } from "./offer.type";

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
