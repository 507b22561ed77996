import { Field, ObjectType, registerEnumType } from "type-graphql";
import { ConnectionType } from "../connection";
import { Node } from "../nodes/node.type";
import { UUID } from "../scalars";

export enum ExternalParamEntity {
  CUSTOMER = "CUSTOMER",
  SUBSCRIBER = "SUBSCRIBER",
  PLAN = "PLAN",
  PACKAGE = "PACKAGE",
}
registerEnumType(ExternalParamEntity, {
  name: "ExternalParamEntity",
  description: "The kind of entity whose external parameters are asked for (the platform's URL forms).",
  valuesConfig: {
    CUSTOMER: { description: "The requester itself or one of its direct sub-accounts." },
    SUBSCRIBER: { description: "A subscriber of the requester or of one of its direct sub-accounts." },
    PLAN: { description: "One of the requester's own offers (configs of entity type OFFER)." },
    PACKAGE: { description: "One of the requester's own packages." },
  },
});

export enum ExternalParamEntityType {
  CUSTOMER = "CUSTOMER",
  SUBSCRIBER = "SUBSCRIBER",
  OFFER = "OFFER",
  PACKAGE = "PACKAGE",
}
registerEnumType(ExternalParamEntityType, {
  name: "ExternalParamEntityType",
  description: "The kind of entity an external parameter config applies to.",
  valuesConfig: {
    CUSTOMER: { description: "Customers (accounts)." },
    SUBSCRIBER: { description: "Subscribers (SIMs)." },
    OFFER: { description: "Offers (plans)." },
    PACKAGE: { description: "Packages." },
  },
});

@ObjectType({ implements: Node, description: "A custom attribute definition owned by a customer, with one entity's value." })
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

  @Field(() => String, {
    nullable: true,
    description: "The asked-for entity's value, or null when it has none (always null from node and nodes, which ask for no entity).",
  })
  value!: string | null;

  createdAt!: Date;
}

export const ExternalParamConfigConnection = ConnectionType(ExternalParamConfig, "ExternalParamConfig", "external param config");
