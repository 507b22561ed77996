import { Field, ObjectType } from "type-graphql";
import { ConnectionType } from "../connection";
import { Node } from "../nodes/node.type";
import { UUID } from "../scalars";

@ObjectType({
  implements: Node,
  description:
    "A customer account in the tree. You see yourself and your descendants; your parent appears as a counterparty (its name, and the plans and packages it offers you).",
})
export class Customer {
  @Field(() => UUID, { description: "The platform's id of the customer." })
  id!: string;

  @Field({ description: "The customer's name." })
  name!: string;

  @Field({
    description:
      "Set by the parent on this customer: it may self-serve the parent's plans and packages for its own subscribers (myOffer / myPackage).",
  })
  allowOfferDelegation!: boolean;

  parentId!: string | null;
  path!: string;
  createdAt!: Date;
}

export const CustomerConnection = ConnectionType(Customer, "Customer", "customer");
