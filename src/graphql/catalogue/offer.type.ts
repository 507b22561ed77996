import { Field, ObjectType, registerEnumType } from "type-graphql";
import { ConnectionType } from "../connection";
import { Node } from "../nodes/node.type";
import { UUID } from "../scalars";

export enum OfferKind {
  REGULAR = "REGULAR",
  POOL = "POOL",
}
registerEnumType(OfferKind, {
  name: "OfferKind",
  description: "What kind of plan an offer is.",
  valuesConfig: {
    REGULAR: { description: "A plan any sub-account's subscribers can get." },
    POOL: { description: "A plan made for one specific sub-account (`poolCustomer`), at most once per subscriber." },
  },
});

@ObjectType({
  implements: Node,
  description: "A plan. A Sell plan for its owner, a Buy plan for the owner's sub-accounts.",
})
export class Offer {
  @Field(() => UUID, { description: "The platform's id of the offer." })
  id!: string;

  @Field({ description: "The offer's name." })
  name!: string;

  @Field(() => OfferKind, { description: "REGULAR, or POOL (made for one sub-account)." })
  kind!: OfferKind;

  ownerId!: string;
  poolCustomerId!: string | null;
  createdAt!: Date;
}

export const OfferConnection = ConnectionType(Offer, "Offer", "offer");
