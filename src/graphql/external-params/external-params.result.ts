/** Success types and the result union of each external-params operation (SPEC section 5). */
import { Field, ObjectType } from "type-graphql";
import { resultUnion } from "../errors/catalogue";
import { REQUEST_ID } from "../result";
import { UUID } from "../scalars";
import { SubscriberConnection } from "../subscribers/subscriber.type";
import { ExternalParamConfig, ExternalParamConfigConnection } from "./external-param.type";

export const ExternalParamsConfigResult = resultUnion("externalParamsConfig", "ExternalParamsConfigResult", "The configs with the entity's values, or why not.", () => [ExternalParamConfigConnection]);

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

  @Field(() => ExternalParamConfig, { description: "The config. Read the new value from `value`: a client cache keeps one config per id, for every entity." })
  config!: ExternalParamConfig;

  @Field(() => UUID, { description: "The entity." })
  entityId!: string;

  @Field(() => String, { description: "The entity's new value." })
  get value(): string {
    return this.config.value!;
  }
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
