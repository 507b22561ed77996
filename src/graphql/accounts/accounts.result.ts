/** Success types and the result union of each accounts operation (SPEC section 5). */
import { Field, ObjectType } from "type-graphql";
import { resultUnion } from "../errors/catalogue";
import { REQUEST_ID } from "../result";
import { UUID } from "../scalars";
import { ApiKey } from "./api-key.type";
import { Customer } from "./customer.type";

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
