import { Arg, Ctx, Query, Resolver } from "type-graphql";
import { MAX_LOOKUP_IDS } from "../../domain/input/lookup-ids";
import { CurrentRequester, type AuthenticatedRequester, type Context } from "../context";
import { UUID } from "../scalars";
import { Node } from "./node.type";
import { visibleNode, visibleNodes } from "./nodes.queries";

/** Any object by its id, for detail pages: each kind shown only where its own visibility rule allows. */
@Resolver()
export class NodesResolver {
  @Query(() => Node, {
    nullable: true,
    description:
      "Any object you can see, by its id: a customer, offer, package, subscriber, subscriber offer, request, API key or external param config. Null for an id that names nothing you can see: each type is shown exactly where the rest of the API shows it (customer(id), your Sell and Buy plans and packages, subscriber(identifier), Subscriber.offers, request(id), Customer.apiKeys, externalParamsConfig).",
  })
  node(
    @Arg("id", () => UUID, { description: "The object's id, in any letter case." }) id: string,
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
  ) {
    return visibleNode(ctx, requester, id);
  }

  @Query(() => [Node], {
    nullable: "items",
    description: `Several objects by id, at most ${MAX_LOOKUP_IDS} ids (more is a VALIDATION_FAILED error, nothing read): the answer holds one entry per id, in the same order, each the object node(id) would answer, or null.`,
  })
  nodes(
    @Arg("ids", () => [UUID], { description: `The ids, in any letter case; at most ${MAX_LOOKUP_IDS}.` }) ids: string[],
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
  ) {
    return visibleNodes(ctx, requester, ids);
  }
}
