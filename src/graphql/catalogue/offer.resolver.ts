import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { OfferRow } from "../../app/ports";
import { reachableCustomer } from "../accounts/accounts.queries";
import { Customer } from "../accounts/customer.type";
import { CurrentRequester, type AuthenticatedRequester, type Context } from "../context";
import { ExternalParamValue } from "../external-params/external-param.type";
import { externalParamsOn } from "../external-params/external-params.queries";
import { Offer } from "./offer.type";

@Resolver(() => Offer)
export class OfferResolver {
  @FieldResolver(() => Customer, { description: "The customer that created the offer and sells it." })
  owner(@Root() offer: OfferRow, @CurrentRequester() requester: AuthenticatedRequester, @Ctx() ctx: Context) {
    return reachableCustomer(ctx, requester, offer.ownerId);
  }

  @FieldResolver(() => Customer, { nullable: true, description: "For a POOL plan, the sub-account it was made for." })
  poolCustomer(@Root() offer: OfferRow, @CurrentRequester() requester: AuthenticatedRequester, @Ctx() ctx: Context) {
    return offer.poolCustomerId ? reachableCustomer(ctx, requester, offer.poolCustomerId) : null;
  }

  @FieldResolver(() => [ExternalParamValue], {
    description:
      "Your external parameters on this offer: each of your OFFER configs, oldest first, with this offer's value (null when it has none). Empty unless the offer is your own (externalParamsConfig's rule, entity PLAN).",
  })
  externalParams(@Root() offer: OfferRow, @CurrentRequester() requester: AuthenticatedRequester, @Ctx() ctx: Context) {
    return externalParamsOn(ctx, requester, { type: "OFFER", row: offer });
  }
}
