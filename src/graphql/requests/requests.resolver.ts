import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { CustomerRow, RequestRow } from "../../app/ports";
import { customerList } from "../accounts/customer-lists";
import { Customer } from "../accounts/customer.type";
import { CurrentRequester, type AuthenticatedRequester, type Context } from "../context";
import { UUID } from "../scalars";
import { RequestListArgs } from "./request-list.input";
import { Request, RequestConnection } from "./request.type";
import { ownRequest } from "./requests.queries";

/** The requests your mutations recorded: one by its requestId. */
@Resolver()
export class RequestsResolver {
  @Query(() => Request, { nullable: true, description: "A request you caused, by its requestId; null for any other id." })
  request(
    @Arg("id", () => UUID, { description: "The requestId a mutation returned." }) id: string,
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
  ): Promise<RequestRow | null> {
    return ownRequest(ctx, requester, id);
  }
}

/** The requests your mutations recorded, listed on yourself only. */
@Resolver(() => Customer)
export class CustomerRequestsResolver {
  @FieldResolver(() => RequestConnection, {
    description:
      "The requests your mutations recorded (empty on any other customer), oldest first unless orderBy asks for latest first; filter narrows them.",
  })
  requests(
    @Root() customer: CustomerRow,
    @Args(() => RequestListArgs) args: RequestListArgs,
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
  ) {
    return customerList(ctx, requester, customer, "requests", args);
  }
}
