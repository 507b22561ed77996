import { Field, InputType } from "type-graphql";
import { UUID } from "../scalars";
import { ExternalParamEntityType } from "./external-param.type";

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
