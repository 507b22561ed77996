import { Field, ObjectType, registerEnumType } from "type-graphql";
import { ConnectionType, EdgeType } from "../connection";
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

@ObjectType({
  implements: Node,
  description:
    "A custom attribute definition owned by a customer. Its value on an entity is read from ExternalParamConfigEdge.value (externalParamsConfig) or from the entity's externalParams.",
})
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

  /**
   * One config has a value per entity, but a client cache keeps one ExternalParamConfig per id:
   * asked for two entities, it would show the last one's value on both.
   */
  @Field(() => String, {
    nullable: true,
    description:
      "The value of the entity asked about (externalParamsConfig's entity, the entity whose externalParams lists the config, a mutation's entity), or null when it has none; always null from node and nodes, which ask for no entity.",
    deprecationReason:
      "The value belongs to an entity, not to the config, and a client cache that keeps one config per id shows the last entity's value on every other: read ExternalParamConfigEdge.value or the entity's externalParams instead.",
  })
  value!: string | null;

  createdAt!: Date;
}

@ObjectType("ExternalParamConfigEdge", { description: "One external param config in a page, with its cursor and the asked-for entity's value." })
export class ExternalParamConfigEdge extends EdgeType(ExternalParamConfig, "external param config") {
  /** On the edge: it belongs to the entity externalParamsConfig was asked about, not to the config. */
  @Field(() => String, { nullable: true, description: "The value of the entity externalParamsConfig was asked about, or null when it has none." })
  get value(): string | null {
    return this.node.value;
  }
}

export const ExternalParamConfigConnection = ConnectionType(ExternalParamConfig, "ExternalParamConfig", "external param config", {
  edge: ExternalParamConfigEdge,
});

@ObjectType({
  description:
    "One of your external parameters on an entity: your config and this entity's value. It has no id of its own: it belongs to the entity that lists it.",
})
export class ExternalParamValue {
  @Field(() => ExternalParamConfig, { description: "Your config." })
  config!: ExternalParamConfig;

  @Field(() => String, { nullable: true, description: "This entity's value, or null when it has none." })
  value!: string | null;
}
