import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { SubscriberOfferRow, SubscriberRow } from "../../app/ports";
import { reachableCustomer } from "../accounts/accounts.queries";
import { Customer } from "../accounts/customer.type";
import { Offer } from "../catalogue/offer.type";
import { Package } from "../catalogue/package.type";
import { CurrentRequester, type AuthenticatedRequester, type Context } from "../context";
import { ExternalParamValue } from "../external-params/external-param.type";
import { externalParamsOn } from "../external-params/external-params.queries";
import { Subscriber, SubscriberOffer } from "./subscriber.type";

@Resolver(() => Subscriber)
export class SubscriberResolver {
  @FieldResolver(() => Customer, { description: "The customer the SIM belongs to." })
  customer(@Root() subscriber: SubscriberRow, @CurrentRequester() requester: AuthenticatedRequester, @Ctx() ctx: Context) {
    return reachableCustomer(ctx, requester, subscriber.customerId);
  }

  @FieldResolver(() => Package, { nullable: true, description: "The one package attached, if any." })
  package(@Root() subscriber: SubscriberRow, @Ctx() ctx: Context) {
    if (!subscriber.packageId) return null;
    return ctx.loaders.package.loaded(subscriber.packageId) ?? ctx.loaders.package.load(subscriber.packageId);
  }

  @FieldResolver(() => [SubscriberOffer], {
    description: "Offers attached to the SIM, highest priority first; those without a priority last.",
  })
  offers(@Root() subscriber: SubscriberRow, @Ctx() ctx: Context): Promise<SubscriberOfferRow[]> {
    return ctx.loaders.subscriberOffers.load(subscriber.id);
  }

  @FieldResolver(() => [ExternalParamValue], {
    description:
      "Your external parameters on this SIM: each of your SUBSCRIBER configs, oldest first, with this SIM's value (null when it has none). Empty unless the SIM is yours or a direct sub-account's (externalParamsConfig's rule).",
  })
  externalParams(@Root() subscriber: SubscriberRow, @CurrentRequester() requester: AuthenticatedRequester, @Ctx() ctx: Context) {
    return externalParamsOn(ctx, requester, { type: "SUBSCRIBER", row: subscriber });
  }
}

@Resolver(() => SubscriberOffer)
export class SubscriberOfferResolver {
  @FieldResolver(() => Offer, { description: "The offer (plan) this is an instance of." })
  async offer(@Root() instance: SubscriberOfferRow, @Ctx() ctx: Context) {
    return ctx.loaders.offer.load(instance.offerId);
  }

  @FieldResolver(() => Package, { nullable: true, description: "The package it came with; null when attached on its own." })
  package(@Root() instance: SubscriberOfferRow, @Ctx() ctx: Context) {
    return instance.packageId ? ctx.loaders.package.load(instance.packageId) : null;
  }

  @FieldResolver(() => Subscriber, { description: "The subscriber it is attached to." })
  subscriber(@Root() instance: SubscriberOfferRow, @Ctx() ctx: Context) {
    return ctx.loaders.subscriber.load(instance.subscriberId);
  }

  @FieldResolver(() => Customer, { description: "The customer that attached it." })
  attachedBy(@Root() instance: SubscriberOfferRow, @CurrentRequester() requester: AuthenticatedRequester, @Ctx() ctx: Context) {
    return reachableCustomer(ctx, requester, instance.attachedById);
  }
}
