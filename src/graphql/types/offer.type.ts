import { Field, ObjectType } from "type-graphql";
import { UUID } from "../scalars";
import { OfferKind } from "./enums";

@ObjectType({
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
