import { Field, ObjectType } from "type-graphql";
import { UUID } from "../scalars";
import { ExternalParamEntityType } from "./enums";

@ObjectType({ description: "A custom attribute definition owned by a customer, with one entity's value." })
export class ExternalParamConfig {
  @Field(() => UUID, { description: "The config's id." })
  id!: string;

  @Field({ description: "The attribute's name, e.g. externalSubscriberId." })
  name!: string;

  @Field(() => String, { nullable: true, description: "The name to show to a user." })
  displayName!: string | null;

  @Field(() => String, { nullable: true, description: "What the attribute means." })
  description!: string | null;

  @Field(() => ExternalParamEntityType, { description: "The kind of entity it applies to." })
  entityType!: ExternalParamEntityType;

  @Field({ description: "Whether subscribers can be searched by this attribute's value." })
  isSearchable!: boolean;

  @Field(() => String, { nullable: true, description: "The asked-for entity's value, or null when it has none." })
  value!: string | null;

  createdAt!: Date;
}
