import { Arg, Args, Ctx, Query, Resolver } from "type-graphql";
import type { CustomerRow, RequestRow, SubscriberRow } from "../../db/schema";
import { CurrentRequester, type AuthenticatedRequester, type Context } from "../context";
import { visibleCustomer } from "../queries/accounts";
import { myPackages } from "../queries/catalogue";
import { externalParamsConfig } from "../queries/external-params";
import { ownRequest } from "../queries/requests";
import { visibleSubscriber } from "../queries/subscribers";
import { UUID } from "../scalars";
import { ConnectionArgs } from "../types/connection.type";
import { ExternalParamConfigConnection, PackageConnection } from "../types/connections";
import { Customer } from "../types/customer.type";
import { ExternalParamEntity } from "../types/enums";
import { SubscriberIdentifierInput } from "../types/inputs";
import { Request } from "../types/request.type";
import { ExternalParamsConfigResult, MyPackagesResult } from "../types/results";
import { Subscriber } from "../types/subscriber.type";
import { answer } from "./answer";
import { guarded } from "./guard";

@Resolver()
export class QueryResolver {
  @Query(() => Customer, { description: "The customer your API key belongs to." })
  viewer(@CurrentRequester() requester: AuthenticatedRequester): CustomerRow {
    return requester;
  }

  @Query(() => Customer, { nullable: true, description: "A customer: yourself or one of your descendants; null for any other id." })
  customer(
    @Arg("id", () => UUID, { description: "The customer's id." }) id: string,
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
  ): Promise<CustomerRow | null> {
    return visibleCustomer(ctx, requester, id);
  }

  @Query(() => Subscriber, {
    nullable: true,
    description: "A subscriber of yours or of a descendant, by one of its identifiers; null when there is none you can see.",
  })
  subscriber(
    @Arg("identifier", () => SubscriberIdentifierInput, { description: "Which identifier, and its value." })
    identifier: SubscriberIdentifierInput,
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
  ): SubscriberRow | null {
    return visibleSubscriber(ctx, requester, identifier);
  }

  @Query(() => Request, { nullable: true, description: "A request you caused, by its requestId; null for any other id." })
  request(
    @Arg("id", () => UUID, { description: "The requestId a mutation returned." }) id: string,
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
  ): Promise<RequestRow | null> {
    return ownRequest(ctx, requester, id);
  }

  @Query(() => MyPackagesResult, {
    description:
      "Allocated packages. For your own id: your parent's packages you are eligible for (your Buy packages). For a direct sub-customer's id: your packages it is eligible for.",
  })
  myPackages(
    @Arg("customerId", () => UUID, { description: "Your own id or a direct sub-customer's." }) customerId: string,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
  ) {
    return guarded(ctx, "myPackages", () =>
      answer("myPackages", myPackages(ctx, requester, customerId, page), PackageConnection),
    );
  }

  @Query(() => ExternalParamsConfigResult, {
    description:
      "Your external parameter configs for one entity's type, each with that entity's value. The entity must be yours: yourself or a direct sub-account, a subscriber of either, or your own offer or package.",
  })
  externalParamsConfig(
    @Arg("customerId", () => UUID, { description: "Must be your own id." }) customerId: string,
    @Arg("entity", () => ExternalParamEntity, { description: "The entity's kind." }) entity: ExternalParamEntity,
    @Arg("entityId", () => UUID, { description: "The entity's id." }) entityId: string,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
  ) {
    return guarded(ctx, "externalParamsConfig", () =>
      answer(
        "externalParamsConfig",
        externalParamsConfig(ctx, requester, { customerId, entity, entityId }, page),
        ExternalParamConfigConnection,
      ),
    );
  }
}
