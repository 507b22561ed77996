import { Field, InputType } from "type-graphql";
import { UUID } from "../scalars";

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
