import { Field, InterfaceType } from "type-graphql";
import { UUID } from "../scalars";

/**
 * Every object with a platform id, so that a detail page can fetch any of them by id alone
 * (node, nodes). The concrete type is found by the class of the answered object.
 */
@InterfaceType({
  description:
    "An object with a platform UUID: a customer, offer, package, subscriber, subscriber offer, request, API key or external param config. Fetch any of them by id with node(id) or nodes(ids), and ask for `__typename` and `... on <Type>` fields.",
})
export abstract class Node {
  @Field(() => UUID, { description: "The platform's id of the object, in lower case." })
  id!: string;
}
